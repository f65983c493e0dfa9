package com.clientele.segment;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

@Name("SegmentStatus")
@Description("Which instant the engine evaluates at, and when everyone was last recomputed.")
public record SegmentStatus(
        @Description("The instant a recomputeSegments(asOf) pinned: every write since is evaluated there too, so a purchase "
                + "recorded now but after it does not count yet. Null: the engine follows the clock. Lift it with "
                + "unpinSegments (no recompute) or recomputeSegments without asOf (recomputes everyone now).")
        Instant pinnedAsOf,
        @Description("The instant a write, a preview or an explanation is evaluated at now: pinnedAsOf, or the clock.")
        @NonNull Instant evaluatesAt,
        @Description("The asOf of the last full recompute: customers not written since are as of then.")
        Instant lastFullRecomputeAsOf,
        @Description("True while a full recompute is due (new engine SQL, changed stored rules); it runs at start-up.")
        boolean fullRecomputePending) {
}
