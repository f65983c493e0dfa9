package com.clientele.segment;

import com.clientele.common.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

public record MembershipChangeConnection(@NonNull List<@NonNull MembershipChangeEdge> edges, @NonNull PageInfo pageInfo,
                                         int totalCount) {
    public record MembershipChangeEdge(@NonNull String cursor, @NonNull MembershipChangeNode node) {
    }
}
