package com.clientele.segment;

import com.clientele.common.BadUserInputException;
import com.clientele.common.PageRequest;
import com.clientele.customer.CustomerNode;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import java.util.List;

/**
 * A customer's metrics and segments: batch fields, one statement per level. Every role that can
 * reach a customer may read them (none of them is personal).
 */
@GraphQLApi
@RolesAllowed({Roles.INGEST, Roles.MARKETING, Roles.ADMIN})
public class CustomerSegmentFields {

    private final SegmentReader reader;

    public CustomerSegmentFields(SegmentReader reader) {
        this.reader = reader;
    }

    public @NonNull Uni<List<@NonNull CustomerMetricsNode>> metrics(@Source List<CustomerNode> customers) {
        return reader.metricsRowsOf(ids(customers)).map(rows -> rows.stream().map(SegmentReader::metrics).toList());
    }

    @Description("The customer's lifecycle key (exactly one), as of metrics.asOf.")
    public @NonNull Uni<List<@NonNull String>> lifecycle(@Source List<CustomerNode> customers) {
        return reader.metricsRowsOf(ids(customers)).map(rows -> rows.stream().map(r -> r.getString("lifecycle")).toList());
    }

    @Description("Null when the customer has no order in the RFM window.")
    public Uni<List<RfmNode>> rfm(@Source List<CustomerNode> customers) {
        return reader.metricsRowsOf(ids(customers)).map(rows -> rows.stream().map(SegmentReader::rfm).toList());
    }

    @Description("Every segment the customer is in, with the instant it entered.")
    public @NonNull Uni<List<@NonNull List<@NonNull SegmentMembershipNode>>> segments(@Source List<CustomerNode> customers) {
        return reader.membershipsOf(ids(customers));
    }

    @Description("The customer's entries to and exits from segments, newest first.")
    public @NonNull Uni<List<@NonNull MembershipChangeConnection>> segmentHistory(
            @Source List<CustomerNode> customers, @DefaultValue("50") Integer first, String after)
            throws BadUserInputException {
        return reader.historyOf(ids(customers), PageRequest.of(first, after, SegmentReader.HISTORY_CURSOR));
    }

    @Description("How many changes the whole list holds, over all pages; for membershipChanges, every change the feed "
            + "serves now, which counts over the whole log.")
    public @NonNull Uni<Integer> totalCount(@Source MembershipChangeConnection connection) {
        return connection.countAll().map(Math::toIntExact);
    }

    public @NonNull SegmentNode segment(@Source SegmentMembershipNode membership) {
        return membership.definition();
    }

    private static List<Long> ids(List<CustomerNode> customers) {
        return customers.stream().map(CustomerNode::dbId).toList();
    }
}
