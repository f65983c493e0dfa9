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

    public SegmentAdminApi(SegmentRecomputer recomputer, SegmentSettingsService settings) {
        this.recomputer = recomputer;
        this.settings = settings;
    }

    @Mutation
    @Description("Changes the given settings and recomputes every segment, in one transaction.")
    public @NonNull Uni<SegmentSettings> updateSegmentSettings(@NonNull SegmentSettingsInput settings)
            throws BadUserInputException {
        return this.settings.update(settings);
    }

    @Mutation
    @Description("Recomputes every customer's metrics and memberships as of the given instant (default now). A given instant stays pinned: later writes are evaluated there too, until a recompute without asOf.")
    public @NonNull Uni<RecomputeResult> recomputeSegments(Instant asOf) throws BadUserInputException {
        return recomputer.recompute(asOf);
    }
}
