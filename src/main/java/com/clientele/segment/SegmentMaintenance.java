package com.clientele.segment;

import com.clientele.common.ChangedCustomers;
import com.clientele.common.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Keeps the metrics and memberships of changed customers current, as part of the write that changed
 * them: the engine (clientele_refresh, R__segment_engine.sql) restricted to those customers, at the
 * evaluation instant. RFM scores and the big-spender threshold use what the last full recompute learnt
 * about everyone.
 */
@ApplicationScoped
public class SegmentMaintenance implements ChangedCustomers {

    /**
     * The evaluation instant is the pinned one, or now (EvaluationInstant): read inside the statement, not
     * by a statement of its own, since every write pays for each round trip.
     */
    private static final String REFRESH = "select customers from clientele_refresh("
            + EvaluationInstant.pinnedOr("$1") + ", $2)";
    private static final String REFRESH_IN_SESSION = "select customers from clientele_refresh("
            + EvaluationInstant.pinnedOr(":now") + ", :ids)";
    private static final String FORGET = "select 1 from clientele_forget(" + EvaluationInstant.pinnedOr(":now") + ", :ids)";

    private final EvaluationInstant instant;

    public SegmentMaintenance(EvaluationInstant instant) {
        this.instant = instant;
    }

    @Override
    public Uni<Void> refresh(SqlConnection connection, List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = customerIds.stream().distinct().toArray(Long[]::new);
        return connection.preparedQuery(REFRESH).execute(Tuple.of(Times.utc(instant.now()), ids)).replaceWithVoid();
    }

    @Override
    public Uni<Void> refresh(Mutiny.Session session, List<Long> customerIds) {
        return inSession(session, REFRESH_IN_SESSION, customerIds);
    }

    /** Their exits are recorded at the evaluation instant, like every other change. */
    @Override
    public Uni<Void> forget(Mutiny.Session session, List<Long> customerIds) {
        return inSession(session, FORGET, customerIds);
    }

    private Uni<Void> inSession(Mutiny.Session session, String statement, List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = customerIds.stream().distinct().toArray(Long[]::new);
        return session.createNativeQuery(statement).setParameter("now", Times.utc(instant.now()))
                .setParameter("ids", ids).getResultList().replaceWithVoid();
    }
}
