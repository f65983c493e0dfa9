package com.clientele.customer;

import com.clientele.common.PageInfo;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;
import java.util.function.Supplier;

/** A page of customers; {@code totalCount} runs its count query only when a client asks for it. */
public final class CustomerConnection {

    private final List<CustomerEdge> edges;
    private final PageInfo pageInfo;
    private final Supplier<Uni<Long>> totalCount;

    public CustomerConnection(List<CustomerEdge> edges, PageInfo pageInfo, Supplier<Uni<Long>> totalCount) {
        this.edges = edges;
        this.pageInfo = pageInfo;
        this.totalCount = totalCount;
    }

    public @NonNull List<@NonNull CustomerEdge> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }

    Uni<Long> countAll() {
        return totalCount.get();
    }

    public record CustomerEdge(@NonNull String cursor, @NonNull CustomerNode node) {
    }
}
