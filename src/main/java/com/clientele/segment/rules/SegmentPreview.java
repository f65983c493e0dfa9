package com.clientele.segment.rules;

import com.clientele.customer.CustomerNode;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;
import java.util.List;

@Name("SegmentPreview")
@Description("What an unsaved rule selects now, as saving it would.")
public record SegmentPreview(
        @Description("Customers the rule selects.") int count,
        @Description("All customers.") int population,
        @Description("The first customers it selects, in id order.") @NonNull List<@NonNull CustomerNode> sample,
        @Description("How long the database took for the count and the sample.") int tookMillis,
        @Description("The instant it was evaluated at: the pinned instant of recomputeSegments(asOf), or now. Metrics are "
                + "as of each customer's last evaluation (Customer.metrics.asOf); aggregates and age as of this instant.")
        @NonNull Instant asOf,
        @Description("The rule as checked, in both forms.") @NonNull RuleApi.ParsedRule rule) {
}
