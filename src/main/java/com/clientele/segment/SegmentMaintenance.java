package com.clientele.segment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

import com.clientele.common.Times;

/**
 * Keeps the metrics and memberships of changed customers current, as part of the write that changed
 * them. The computation is clientele_refresh() in PostgreSQL (migration V2), restricted to those
 * customers; RFM scores and the big-spender threshold use what the last full recompute learnt about
 * everyone. It evaluates at the instant pinned by recomputeSegments(asOf), or now.
 */
@ApplicationScoped
public class SegmentMaintenance {

    private static final String REFRESH = """
            select * from clientele_refresh(coalesce((select pinned_as_of from segment_state), $1), $2)""";

    private final Pool pool;
    private final Clock clock;

    public SegmentMaintenance(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Within the caller's transaction. */
    public Uni<Void> refresh(SqlConnection conn, List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(REFRESH)
                .execute(Tuple.of(Times.utc(clock.instant()), customerIds.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** In a transaction of its own. */
    public Uni<Void> refresh(List<Long> customerIds) {
        return pool.withTransaction(conn -> refresh(conn, customerIds));
    }
}
