package com.clientele.segment;

import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;

public record SegmentSizePoint(@NonNull LocalDate date, int size) {
}
