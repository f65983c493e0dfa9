package com.clientele.segment;

import com.clientele.common.BadUserInputException;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

/** What changes every customer's segments at once: settings and full recomputes, for admin only. */
@GraphQLApi
@RolesAllowed(Roles.ADMIN)
public class SegmentAdminApi {

    private final SegmentRecomputer recomputer;
    private final SegmentSettingsService settings;
    private final EvaluationInstant instant;

    public SegmentAdminApi(SegmentRecomputer recomputer, SegmentSettingsService settings, EvaluationInstant instant) {
        this.recomputer = recomputer;
        this.settings = settings;
        this.instant = instant;
    }

    @Mutation
    @Description("Changes the given settings and recomputes every segment, in one transaction.")
    public @NonNull Uni<SegmentSettings> updateSegmentSettings(@NonNull SegmentSettingsInput settings)
            throws BadUserInputException {
        return this.settings.update(settings);
    }

    @Mutation
    @Description("Recomputes every customer's metrics and memberships as of the given instant (default now). A given "
            + "instant stays pinned (segmentStatus.pinnedAsOf): later writes are evaluated there too, so a purchase recorded "
            + "now but after it does not count, until a recompute without asOf or unpinSegments.")
    public @NonNull Uni<RecomputeResult> recomputeSegments(Instant asOf) throws BadUserInputException {
        return recomputer.recompute(asOf);
    }

    @Mutation
    @Description("Returns the engine to the clock without a full recompute: from now on writes, previews and explanations "
            + "evaluate at the current time. Customers not written since keep the memberships of the pinned instant until "
            + "the next full recompute (the daily one, or recomputeSegments).")
    public @NonNull Uni<SegmentStatus> unpinSegments() {
        return instant.unpin();
    }
}
