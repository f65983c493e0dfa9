package com.clientele.segment;

import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code Segment}; size, members, sizeHistory and rule are resolved in {@link SegmentReadApi}. */
@Name("Segment")
public record SegmentNode(@NonNull String key, @NonNull String name, @NonNull SegmentFamily family, String description) {
}
