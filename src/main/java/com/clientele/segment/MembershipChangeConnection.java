package com.clientele.segment;

import com.clientele.common.PageInfo;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;
import java.util.function.Supplier;

/** A page of membership changes; {@code totalCount} is computed only when a client asks for it. */
public final class MembershipChangeConnection {

    private final List<MembershipChangeEdge> edges;
    private final PageInfo pageInfo;
    private final Supplier<Uni<Long>> totalCount;

    public MembershipChangeConnection(List<MembershipChangeEdge> edges, PageInfo pageInfo, Supplier<Uni<Long>> totalCount) {
        this.edges = edges;
        this.pageInfo = pageInfo;
        this.totalCount = totalCount;
    }

    /** For pages whose count came with them. */
    public MembershipChangeConnection(List<MembershipChangeEdge> edges, PageInfo pageInfo, int totalCount) {
        this(edges, pageInfo, () -> Uni.createFrom().item((long) totalCount));
    }

    public @NonNull List<@NonNull MembershipChangeEdge> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }

    public Uni<Long> countAll() {
        return totalCount.get();
    }

    public record MembershipChangeEdge(@NonNull String cursor, @NonNull MembershipChangeNode node) {
    }
}
