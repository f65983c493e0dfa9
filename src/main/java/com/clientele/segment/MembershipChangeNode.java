package com.clientele.segment;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

@Name("MembershipChange")
@Description("One entry to or exit from a segment; the id is unique and stable, for de-duplication.")
public record MembershipChangeNode(@Id @NonNull String id, @NonNull String customerExternalId, @NonNull String key,
                                   boolean entered, @NonNull Instant at) {
}
