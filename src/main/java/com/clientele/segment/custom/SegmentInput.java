package com.clientele.segment.custom;

import com.clientele.rule.RuleInput;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** A custom segment as an admin defines it: exactly one of {@code rule} and {@code ruleText}. */
@Name("SegmentInput")
public class SegmentInput {

    @NonNull
    @Description("A lower-case slug: letters a-z, digits and single dashes between them (dutch-vips), at most 64 "
            + "characters. It never changes; built-in keys are UPPER_SNAKE, so the two never collide.")
    public String key;

    @NonNull
    @Description("What admin UIs show, at most 200 characters.")
    public String name;

    @Description("At most 2000 characters.")
    public String description;

    @Description("The rule as a typed tree.")
    public RuleInput rule;

    @Description("The rule in its text form (see parseRule).")
    public String ruleText;
}
