package com.clientele.customer;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

@Input("CustomerFilterInput")
public class CustomerFilterInput {
    public String country;
    public CustomerKind kind;
    public Boolean registered;
    @Description("Only customers who are members of every one of these segments (built-in or custom keys, at most 20). "
            + "An empty list filters nothing.")
    public List<@NonNull String> inSegment;
}
