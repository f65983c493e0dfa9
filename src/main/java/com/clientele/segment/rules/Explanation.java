package com.clientele.segment.rules;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;
import java.util.List;

@Name("Explanation")
@Description("Why a customer is or is not selected by a rule, node by node.")
public record Explanation(
        @Description("Whether the rule selects the customer.") boolean matched,
        @Description("The instant it was evaluated at (the pinned instant of recomputeSegments(asOf), or now); metrics are "
                + "as of the customer's last evaluation, aggregates and age as of this instant.") @NonNull Instant asOf,
        @Description("The segment explained; null for an unsaved rule.") String key,
        @Description("For a segment: whether the customer is a member as stored now. It equals matched unless the "
                + "customer's data or the settings changed without an evaluation since (see Customer.metrics.asOf).")
        Boolean member,
        @NonNull RuleApi.ParsedRule rule,
        @NonNull ExplainNode root,
        @Description("The same nodes in pre-order, for clients that render a tree of any depth.")
        @NonNull List<@NonNull ExplainNode> nodes) {
}
