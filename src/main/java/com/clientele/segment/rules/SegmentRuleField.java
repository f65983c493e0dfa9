package com.clientele.segment.rules;

import com.clientele.segment.SegmentNode;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

import java.util.List;

/** {@code Segment.rule}: every segment's rule in both forms, built-ins too where the language expresses them. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class SegmentRuleField {

    private final SegmentRules rules;

    public SegmentRuleField(SegmentRules rules) {
        this.rules = rules;
    }

    @Description("The segment's rule. A built-in's is its definition written over the metrics with today's settings (the "
            + "engine computes the same with its own SQL); lifecycle stages show the first-match order as 'not' of every "
            + "stage before. Null where the language cannot express it (BIG_SPENDER before any order sets its threshold).")
    public Uni<List<RuleApi.ParsedRule>> rule(@Source List<SegmentNode> segments) {
        return rules.of(segments.stream().map(SegmentNode::key).toList()).map(found -> segments.stream()
                .map(s -> found.get(s.key()) == null ? null : RuleApi.ParsedRule.of(found.get(s.key()))).toList());
    }
}
