package com.clientele.customer;

import com.clientele.common.Source;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

/**
 * The GraphQL {@code Customer}: a read-only view. Its personal data travels with it but is not a
 * field of it: {@link CustomerPersonalFields} serves each personal field to the roles that may read
 * it (a record component cannot carry {@code @RolesAllowed}). Child fields are batch resolvers elsewhere.
 */
@Name("Customer")
public record CustomerNode(
        @Id @NonNull String id,
        @NonNull String externalId,
        @NonNull CustomerKind kind,
        String country,
        Gender gender,
        boolean registered,
        @NonNull Instant firstSeenAt,
        Source acquisitionSource,
        boolean marketingConsent,
        @Ignore PersonalData personal) {

    public long dbId() {
        return Long.parseLong(id);
    }
}
