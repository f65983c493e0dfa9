package com.clientele.segment;

import com.clientele.common.BadUserInputException;
import com.clientele.common.PageRequest;
import com.clientele.customer.CustomerConnection;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** Segments as marketing tools and admin UIs see them: the catalogue, sizes, members, history, settings. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class SegmentReadApi {

    private final SegmentCatalogue catalogue;
    private final SegmentReader reader;
    private final SegmentSettingsService settings;
    private final EvaluationInstant instant;
    private final Clock clock;

    public SegmentReadApi(SegmentCatalogue catalogue, SegmentReader reader, SegmentSettingsService settings,
                          EvaluationInstant instant, Clock clock) {
        this.catalogue = catalogue;
        this.reader = reader;
        this.settings = settings;
        this.instant = instant;
        this.clock = clock;
    }

    @Query
    @Description("The segments of a family, or all: the built-ins in catalogue order, then custom segments by key.")
    public @NonNull Uni<List<@NonNull SegmentNode>> segments(SegmentFamily family) {
        return catalogue.ofFamily(family);
    }

    @Query
    @Description("A segment by key; null when there is none.")
    public Uni<SegmentNode> segment(@NonNull String key) {
        return catalogue.byKey(key);
    }

    @Query
    public @NonNull Uni<SegmentSettings> segmentSettings() {
        return settings.read();
    }

    @Query
    @Description("The instant the engine evaluates at (pinned or the clock) and when everyone was last recomputed.")
    public @NonNull Uni<SegmentStatus> segmentStatus() {
        return instant.status();
    }

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

    @Description("The segment's size at each full recompute, one point a day, from `from` (default: a year before `to`) "
            + "to `to` (default: today); at most 3661 days.")
    public @NonNull Uni<List<@NonNull List<@NonNull SegmentSizePoint>>> sizeHistory(
            @Source List<SegmentNode> segments, LocalDate from, LocalDate to) throws BadUserInputException {
        SizeHistoryWindow window = SizeHistoryWindow.of(from, to, LocalDate.now(clock));
        return reader.sizeHistories(segments.stream().map(SegmentNode::key).distinct().toList(), window.from(), window.to())
                .map(byKey -> segments.stream().map(s -> byKey.getOrDefault(s.key(), List.of())).toList());
    }
}
