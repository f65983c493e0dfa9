package com.clientele.activity;

import com.clientele.common.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

public record PurchaseConnection(@NonNull List<@NonNull PurchaseEdge> edges, @NonNull PageInfo pageInfo,
                                 int totalCount) {
    public record PurchaseEdge(@NonNull String cursor, @NonNull PurchaseNode node) {
    }
}
