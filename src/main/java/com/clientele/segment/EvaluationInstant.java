package com.clientele.segment;

import com.clientele.common.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The instant the engine evaluates at: the one pinned by {@code recomputeSegments(asOf)}, or now. It is
 * decided here, once per run, and passed to every stage of the engine as an argument.
 */
@ApplicationScoped
public class EvaluationInstant {

    private static final String PIN = "select pinned_as_of from segment_state";
    private static final String STATUS = "select pinned_as_of, last_full_as_of, needs_full_recompute from segment_state";
    private static final String UNPIN = "update segment_state set pinned_as_of = null";

    private final Pool pool;
    private final Clock clock;

    public EvaluationInstant(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** The pinned instant, or null when the engine follows the clock. */
    public Uni<Instant> pin(SqlClient client) {
        return client.query(PIN).execute().map(rows -> Times.instant(rows.iterator().next().getOffsetDateTime(0)));
    }

    public Uni<Instant> pin() {
        return pin(pool);
    }

    /** The pinned instant, or now. */
    public Uni<Instant> current(SqlClient client) {
        return pin(client).map(this::orNow);
    }

    public Uni<Instant> current() {
        return current(pool);
    }

    public Uni<Instant> current(Mutiny.Session session) {
        return session.createNativeQuery(PIN, OffsetDateTime.class).getSingleResultOrNull()
                .map(pinned -> orNow(Times.instant(pinned)));
    }

    public Uni<SegmentStatus> status() {
        return pool.query(STATUS).execute().map(rows -> {
            var row = rows.iterator().next();
            Instant pinned = Times.instant(row.getOffsetDateTime("pinned_as_of"));
            return new SegmentStatus(pinned, orNow(pinned), Times.instant(row.getOffsetDateTime("last_full_as_of")),
                    row.getBoolean("needs_full_recompute"));
        });
    }

    /**
     * Lifts the pin without recomputing: later writes, previews and explanations evaluate at the clock;
     * customers not written since keep their evaluation at the pin until the next full recompute.
     */
    public Uni<SegmentStatus> unpin() {
        return pool.query(UNPIN).execute().chain(this::status);
    }

    /**
     * The same decision inside a statement, as an SQL expression: the pinned instant, or {@code now} (a
     * parameter that the caller binds to {@link #now()}), without a round trip of its own.
     */
    public static String pinnedOr(String now) {
        return "coalesce((" + PIN + "), " + now + ")";
    }

    /** Now, as the engine evaluates it (to the microsecond, as PostgreSQL stores instants). */
    public Instant now() {
        return Times.micros(clock.instant());
    }

    private Instant orNow(Instant pinned) {
        return pinned == null ? now() : Times.micros(pinned);
    }
}
