package com.clientele.segment;

import com.clientele.common.BadUserInputException;
import com.clientele.common.ClienteleConfig;
import com.clientele.common.ConflictException;
import com.clientele.common.Times;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * Recomputes every customer's metrics and memberships in one transaction of set-based SQL
 * (clientele_refresh, R__segment_engine.sql): readers keep seeing the previous state until it commits.
 * A transaction-scoped advisory lock keeps two runs (a request and the schedule, or two replicas)
 * from overlapping: the second is refused with CONFLICT, not queued. A run then takes the engine lock
 * exclusively (R__write_locks): writes of customer data wait for it to commit, rather than race it
 * over the same memberships. It runs under {@code long-operation-timeout}, not the request timeout.
 */
@ApplicationScoped
public class SegmentRecomputer {

    private static final Logger LOG = Logger.getLogger(SegmentRecomputer.class);
    private static final String LOCK = "select pg_try_advisory_xact_lock(hashtext('clientele-full-recompute')) as locked";
    private static final String ENGINE_LOCK = "select pg_advisory_xact_lock(clientele_engine_lock_key())";
    private static final String TIMEOUT = "select set_config('statement_timeout', $1, true)";
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final String PIN = "update segment_state set pinned_as_of = $1";
    private static final String RUN = "select $1::timestamptz as as_of, r.* from clientele_refresh($1, null) r";
    private static final String NEEDED = "select needs_full_recompute or last_full_as_of is null as needed from segment_state";
    private static final String NEED = "update segment_state set needs_full_recompute = true";
    /**
     * A full run rewrites every metrics row: until vacuumed, the table is twice its size and no page is
     * all-visible, so the scans of previews and segment creation read both versions and index-only scans
     * visit the table (at a million customers, a preview went from 210 to 340 ms). Autovacuum comes when it
     * comes; this runs as soon as the run has committed. It needs no lock that readers or writers take.
     */
    private static final String TIDY = "vacuum (analyze) customer_metrics, segment_membership";
    /**
     * VACUUM runs outside any transaction, so its time limit is set for the session and given back after:
     * at a million customers it takes longer than a request may (it failed on the request timeout).
     */
    private static final String TIDY_TIMEOUT = "select set_config('statement_timeout', $1, false)";
    private static final String TIDY_TIMEOUT_RESET = "reset statement_timeout";

    private final Pool pool;
    private final Clock clock;
    private final EvaluationInstant instant;
    private final StoredRules storedRules;
    private final String timeoutMillis;

    public SegmentRecomputer(Pool pool, Clock clock, EvaluationInstant instant, StoredRules storedRules,
                             ClienteleConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.instant = instant;
        this.storedRules = storedRules;
        this.timeoutMillis = String.valueOf(config.limits().longOperationTimeout().toMillis());
    }

    /**
     * @param asOf the instant to evaluate at; it stays pinned, so that later incremental updates
     *             evaluate there too (reproducible tests, back-dated analyses). Null: now, unpinned.
     */
    public Uni<RecomputeResult> recompute(Instant asOf) throws BadUserInputException {
        if (asOf != null && (asOf.isBefore(EARLIEST) || asOf.isAfter(LATEST))) {
            throw new BadUserInputException("asOf", "must lie between 1900-01-01 and 9999-12-31");
        }
        return recomputeAt(asOf);
    }

    private Uni<RecomputeResult> recomputeAt(Instant asOf) {
        Instant at = Times.micros(asOf == null ? clock.instant() : asOf);
        return run(conn -> conn.preparedQuery(PIN).execute(Tuple.of(asOf == null ? null : Times.utc(at)))
                .chain(() -> conn.preparedQuery(RUN).execute(Tuple.of(Times.utc(at)))));
    }

    /**
     * Runs {@code change} and then a full recompute in one transaction (a settings change): both apply,
     * or neither. Evaluates at the pinned instant, or now.
     */
    public Uni<RecomputeResult> recomputeAfter(Function<SqlConnection, Uni<Void>> change) {
        return run(conn -> change.apply(conn).chain(() -> instant.current(conn))
                .chain(at -> conn.preparedQuery(RUN).execute(Tuple.of(Times.utc(at)))));
    }

    private Uni<RecomputeResult> run(Function<SqlConnection, Uni<RowSet<Row>>> work) {
        long started = System.nanoTime();
        return pool.withTransaction(conn -> conn.preparedQuery(TIMEOUT).execute(Tuple.of(timeoutMillis))
                .chain(() -> conn.query(LOCK).execute()).chain(locked -> {
                    if (!locked.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().failure(
                                new ConflictException("recomputeSegments", "a recompute is already running"));
                    }
                    return conn.query(ENGINE_LOCK).execute().chain(() -> work.apply(conn));
                })).map(rows -> {
            Row row = rows.iterator().next();
            int took = (int) ((System.nanoTime() - started) / 1_000_000);
            return new RecomputeResult(Times.instant(row.getOffsetDateTime("as_of")), row.getInteger("customers"),
                    row.getInteger("memberships"), took);
        }).invoke(this::tidy);
    }

    /** In the background: the caller has its answer once the run has committed. */
    private void tidy() {
        pool.withConnection(conn -> conn.preparedQuery(TIDY_TIMEOUT).execute(Tuple.of(timeoutMillis))
                        .chain(() -> conn.query(TIDY).execute())
                        .eventually(() -> conn.query(TIDY_TIMEOUT_RESET).execute()))
                .subscribe().with(ignored -> { },
                        e -> LOG.warnf("Vacuum after the full recompute failed: %s", e.getMessage()));
    }

    /**
     * A database whose segments were never computed (a new deployment), or computed by an engine whose
     * SQL has changed since (R__segment_engine.sql asks for it, and so do custom segments' predicates
     * that this version compiles differently), gets a full run at start-up, at the pinned instant or now:
     * RFM cut-points exist before the first incremental update needs them, and every stored membership
     * follows the current rules. With several replicas one runs it; the others find it running.
     */
    void startupRun(@Observes StartupEvent event) {
        pool.withTransaction(conn -> conn.query(ENGINE_LOCK).execute().chain(() -> storedRules.recompile(conn))
                        .chain(changed -> changed == 0 ? Uni.createFrom().voidItem()
                                : conn.query(NEED).execute().replaceWithVoid()))
                .chain(() -> pool.query(NEEDED).execute())
                .chain(rows -> rows.iterator().next().getBoolean("needed")
                        ? recomputeAfter(conn -> Uni.createFrom().voidItem())
                        .invoke(r -> LOG.infof("Start-up recompute: %d customers, %d memberships in %d ms",
                                r.customers(), r.memberships(), r.tookMillis())).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .subscribe().with(ignored -> { }, e -> {
                    if (e instanceof ConflictException) {
                        LOG.info("Start-up recompute skipped: another one is running");
                    } else {
                        LOG.warn("Start-up segment recompute failed", e);
                    }
                });
    }

    /**
     * The daily run (setting clientele.recompute.cron): time passing moves customers between segments. It
     * evaluates at the engine's instant, so a pinned instant stays pinned (and then nothing moves).
     */
    @Scheduled(cron = "{clientele.recompute.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return recomputeAfter(conn -> Uni.createFrom().voidItem())
                .invoke(r -> LOG.infof("Scheduled recompute: %d customers, %d memberships in %d ms",
                        r.customers(), r.memberships(), r.tookMillis()))
                .onFailure().invoke(e -> LOG.warn("Scheduled recompute failed", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
