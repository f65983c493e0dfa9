package com.clientele.activity;

import com.clientele.common.Source;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

@Name("Visit")
public record VisitNode(@Id @NonNull String id, @NonNull String externalId, @NonNull String customerExternalId,
                        @NonNull Instant startedAt, Device device, Source source, int productViews,
                        boolean addedToCart) {
}
