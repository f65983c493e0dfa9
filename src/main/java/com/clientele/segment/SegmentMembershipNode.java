package com.clientele.segment;

import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

/** A customer's membership; {@code segment} resolves to the definition read with it. */
@Name("SegmentMembership")
public record SegmentMembershipNode(@NonNull String key, @NonNull Instant since, String detail,
                                    @Ignore SegmentNode definition) {
}
