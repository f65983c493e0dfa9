package com.clientele.segment;

import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.util.List;

/** The storefront's one question, asked on every page; the only operation of the storefront role. */
@GraphQLApi
@RolesAllowed({Roles.STOREFRONT, Roles.MARKETING, Roles.ADMIN})
public class StorefrontApi {

    private final SegmentReader reader;

    public StorefrontApi(SegmentReader reader) {
        this.reader = reader;
    }

    @Query
    @Description("The storefront hot path: one customer's current segment keys (empty for an unknown customer).")
    public @NonNull Uni<List<@NonNull String>> customerSegments(@NonNull String externalId) {
        return reader.keysOf(externalId);
    }
}
