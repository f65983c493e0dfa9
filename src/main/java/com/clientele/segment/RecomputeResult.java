package com.clientele.segment;

import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

public record RecomputeResult(@NonNull Instant asOf, int customers, int memberships, int tookMillis) {
}
