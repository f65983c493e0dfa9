package com.clientele.customer;

import com.clientele.common.Source;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The GraphQL {@code Customer}: a read-only view; child fields are batch resolvers elsewhere. */
@Name("Customer")
public record CustomerNode(
        @Id @NonNull String id,
        @NonNull String externalId,
        String email,
        String name,
        @NonNull CustomerKind kind,
        String country,
        String city,
        LocalDate birthDate,
        Gender gender,
        boolean registered,
        @NonNull Instant firstSeenAt,
        Source acquisitionSource,
        boolean marketingConsent,
        @NonNull List<@NonNull CustomerAttribute> attributes) {

    public long dbId() {
        return Long.parseLong(id);
    }
}
