package com.clientele.segment.rules;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("RuleSuggestion")
@Description("A value found in the data, with how often.")
public record RuleSuggestion(@NonNull String value,
                             @Description("Customers with it (for categories: order lines).") int count) {
}
