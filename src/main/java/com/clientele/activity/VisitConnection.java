package com.clientele.activity;

import com.clientele.common.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

public record VisitConnection(@NonNull List<@NonNull VisitEdge> edges, @NonNull PageInfo pageInfo,
                              int totalCount) {
    public record VisitEdge(@NonNull String cursor, @NonNull VisitNode node) {
    }
}
