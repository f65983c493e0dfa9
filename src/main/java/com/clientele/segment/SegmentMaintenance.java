package com.clientele.segment;

import com.clientele.common.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.util.List;

/**
 * Keeps the metrics and memberships of changed customers current, as part of the write that changed
 * them. The computation is clientele_refresh() in PostgreSQL (migration V2), restricted to those
 * customers; RFM scores and the big-spender threshold use what the last full recompute learnt about
 * everyone. It evaluates at the instant pinned by recomputeSegments(asOf), or now.
 * <p>
 * The writer holds the customers' locks (R__write_locks) when it calls in, so the refresh sees every
 * row that concurrent writers of the same customers committed.
 */
@ApplicationScoped
public class SegmentMaintenance {

    private static final String REFRESH = """
            select * from clientele_refresh(coalesce((select pinned_as_of from segment_state), $1), $2)""";
    private static final String REFRESH_IN_SESSION = """
            select customers from clientele_refresh(coalesce((select pinned_as_of from segment_state), :now), :ids)""";
    private static final String LOCK = "select count(*) from clientele_lock_customer_ids($1)";

    private final Pool pool;
    private final Clock clock;

    public SegmentMaintenance(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Within the caller's transaction on the reactive SQL client. */
    public Uni<Void> refresh(SqlConnection conn, List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(REFRESH)
                .execute(Tuple.of(Times.utc(clock.instant()), customerIds.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Within the caller's Hibernate Reactive transaction (entity writes). */
    public Uni<Void> refresh(Mutiny.Session session, List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(REFRESH_IN_SESSION)
                .setParameter("now", Times.utc(clock.instant()))
                .setParameter("ids", customerIds.toArray(Long[]::new))
                .getResultList().replaceWithVoid();
    }

    /** In a transaction of its own, taking the customers' locks first. */
    public Uni<Void> refresh(List<Long> customerIds) {
        Long[] ids = customerIds.toArray(Long[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of((Object) ids))
                .chain(() -> refresh(conn, customerIds)));
    }
}
