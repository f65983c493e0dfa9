package com.clientele.segment;

import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

@Name("SegmentMembership")
public record SegmentMembershipNode(@NonNull String key, @NonNull Instant since, String detail) {
}
