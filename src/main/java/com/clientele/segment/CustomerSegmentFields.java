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
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * A customer's metrics and segments: batch fields, one statement per level. Every role that can
 * reach a customer may read them (none of them is personal).
 */
@GraphQLApi
@RolesAllowed({Roles.INGEST, Roles.MARKETING, Roles.ADMIN})
public class CustomerSegmentFields {

    private final SegmentReader reader;
    private final SegmentMaintenance maintenance;

    public CustomerSegmentFields(SegmentReader reader, SegmentMaintenance maintenance) {
        this.reader = reader;
        this.maintenance = maintenance;
    }

    public @NonNull Uni<List<@NonNull CustomerMetricsNode>> metrics(@Source List<CustomerNode> customers) {
        return evaluated(ids(customers), reader::metricsRowsOf, Objects::nonNull)
                .map(rows -> rows.stream().map(SegmentReader::metrics).toList());
    }

    @Description("The customer's lifecycle key (exactly one).")
    public @NonNull Uni<List<@NonNull String>> lifecycle(@Source List<CustomerNode> customers) {
        return memberships(customers).map(all -> all.stream().map(CustomerSegmentFields::lifecycleOf).toList());
    }

    @Description("Null when the customer has no order in the RFM window.")
    public Uni<List<RfmNode>> rfm(@Source List<CustomerNode> customers) {
        return evaluated(ids(customers), reader::metricsRowsOf, Objects::nonNull)
                .map(rows -> rows.stream().map(SegmentReader::rfm).toList());
    }

    @Description("Every segment the customer is in, with the instant it entered.")
    public @NonNull Uni<List<@NonNull List<@NonNull SegmentMembershipNode>>> segments(@Source List<CustomerNode> customers) {
        return memberships(customers);
    }

    @Description("The customer's entries to and exits from segments, newest first.")
    public @NonNull Uni<List<@NonNull MembershipChangeConnection>> segmentHistory(
            @Source List<CustomerNode> customers, @DefaultValue("50") Integer first, String after)
            throws BadUserInputException {
        return reader.historyOf(ids(customers), PageRequest.of(first, after, SegmentReader.HISTORY_CURSOR));
    }

    public @NonNull SegmentNode segment(@Source SegmentMembershipNode membership) {
        return SegmentCatalogue.byKey(membership.key()).map(SegmentCatalogue::node).orElseThrow();
    }

    private Uni<List<List<SegmentMembershipNode>>> memberships(List<CustomerNode> customers) {
        return evaluated(ids(customers), reader::membershipsOf, list -> lifecycleOf(list) != null);
    }

    private static String lifecycleOf(List<SegmentMembershipNode> memberships) {
        return memberships.stream().map(SegmentMembershipNode::key)
                .filter(k -> family(k) == SegmentFamily.LIFECYCLE).findFirst().orElse(null);
    }

    /**
     * Reads, and re-reads after evaluating them, customers whose segments were never computed
     * (written around the API, e.g. a bulk SQL load): the extra work happens only when needed.
     */
    private <T> Uni<List<T>> evaluated(List<Long> ids, Function<List<Long>, Uni<List<T>>> read, Predicate<T> isEvaluated) {
        return read.apply(ids).chain(result -> {
            List<Long> missing = IntStream.range(0, ids.size()).filter(i -> !isEvaluated.test(result.get(i)))
                    .mapToObj(ids::get).distinct().toList();
            return missing.isEmpty() ? Uni.createFrom().item(result)
                    : maintenance.refresh(missing).chain(() -> read.apply(ids));
        });
    }

    private static SegmentFamily family(String key) {
        return SegmentCatalogue.byKey(key).map(SegmentCatalogue::family).orElse(SegmentFamily.CUSTOM);
    }

    private static List<Long> ids(List<CustomerNode> customers) {
        return customers.stream().map(CustomerNode::dbId).toList();
    }
}
