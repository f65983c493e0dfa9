package com.clientele.segment;

import com.clientele.common.BadUserInputException;
import com.clientele.common.PageRequest;
import com.clientele.customer.CustomerConnection;
import com.clientele.customer.CustomerNode;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

@GraphQLApi
public class SegmentGraphQL {

    private final SegmentReader reader;
    private final SegmentMaintenance maintenance;
    private final SegmentRecomputer recomputer;
    private final SegmentSettingsService settings;

    public SegmentGraphQL(SegmentReader reader, SegmentMaintenance maintenance, SegmentRecomputer recomputer,
                          SegmentSettingsService settings) {
        this.reader = reader;
        this.maintenance = maintenance;
        this.recomputer = recomputer;
        this.settings = settings;
    }

    @Query
    @Description("The storefront hot path: one customer's current segment keys (empty for an unknown customer).")
    public @NonNull Uni<List<@NonNull String>> customerSegments(@NonNull String externalId) {
        return reader.keysOf(externalId);
    }

    @Query
    @Description("The segments of a family, or all.")
    public @NonNull List<@NonNull SegmentNode> segments(SegmentFamily family) {
        return SegmentCatalogue.of(family).stream().map(SegmentCatalogue::node).toList();
    }

    @Query
    @Description("A segment by key; null when there is none.")
    public SegmentNode segment(@NonNull String key) {
        return SegmentCatalogue.byKey(key).map(SegmentCatalogue::node).orElse(null);
    }

    @Query
    public @NonNull Uni<SegmentSettings> segmentSettings() {
        return settings.read();
    }

    @Mutation
    @Description("Changes the given settings and recomputes every segment, in one transaction.")
    public @NonNull Uni<SegmentSettings> updateSegmentSettings(@NonNull SegmentSettingsInput settings)
            throws BadUserInputException {
        return this.settings.update(settings);
    }

    @Mutation
    @Description("Recomputes every customer's metrics and memberships as of the given instant (default now). A given instant stays pinned: later writes are evaluated there too, until a recompute without asOf.")
    public @NonNull Uni<RecomputeResult> recomputeSegments(Instant asOf) {
        return recomputer.recompute(asOf);
    }

    // ---- Segment fields ---------------------------------------------------------------------

    @Description("How many customers are in the segment now.")
    public @NonNull Uni<List<@NonNull Integer>> size(@Source List<SegmentNode> segments) {
        return reader.sizes(segments.stream().map(SegmentNode::key).distinct().toList())
                .map(sizes -> segments.stream().map(s -> sizes.getOrDefault(s.key(), 0)).toList());
    }

    @Description("The segment's customers in id order; first is at most 500.")
    public @NonNull Uni<CustomerConnection> members(@Source SegmentNode segment, @DefaultValue("50") Integer first,
                                                    String after) throws BadUserInputException {
        return reader.members(segment.key(), PageRequest.of(first, after, "customer"));
    }

    @Description("The segment's size at each full recompute, one point a day.")
    public @NonNull Uni<List<@NonNull SegmentSizePoint>> sizeHistory(@Source SegmentNode segment, LocalDate from,
                                                                      LocalDate to) {
        return reader.sizeHistory(segment.key(), from, to);
    }

    // ---- Customer fields --------------------------------------------------------------------

    public @NonNull Uni<List<@NonNull CustomerMetricsNode>> metrics(@Source List<CustomerNode> customers) {
        return evaluated(ids(customers), reader::metricsRowsOf, Objects::nonNull)
                .map(rows -> rows.stream().map(SegmentReader::metrics).toList());
    }

    @Description("The customer's lifecycle key (exactly one).")
    public @NonNull Uni<List<@NonNull String>> lifecycle(@Source List<CustomerNode> customers) {
        return memberships(customers).map(all -> all.stream().map(SegmentGraphQL::lifecycleOf).toList());
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
