package com.clientele.segment;

import com.clientele.common.ClienteleConfig;
import com.clientele.common.Times;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

/**
 * Exits and entries on the minute: every customer carries the next instant at which one of its time-based
 * memberships may change without new data (customer_metrics.next_change_at, computed by the engine), and
 * this evaluates the customers whose instant has passed, each at that instant (clientele_refresh_due), so
 * the change is recorded when the rule crossed. Population-relative rules (RFM scores, the percentile
 * big-spender threshold) still move at the full recompute. While a back-dated asOf is pinned, time stands
 * still and this does nothing.
 */
@ApplicationScoped
public class DueChanges {

    private static final Logger LOG = Logger.getLogger(DueChanges.class);
    /**
     * One statement, outside a transaction, answers the usual case: a pinned asOf, or nobody due. The earliest
     * instant is one probe of the partial index on next_change_at; it is compared outside the subquery, because
     * a generic plan of "exists ... where next_change_at <= $1" scans the whole table when nobody is due.
     */
    private static final String ANYONE_DUE = "select s.pinned_as_of is null and coalesce((select min(cm.next_change_at) "
            + "from customer_metrics cm where cm.next_change_at is not null) <= $1, false) from segment_state s";
    private static final String REFRESH_DUE = "select clientele_refresh_due($1, $2)";
    /** A batch evaluates up to a hundred customers one instant at a time: more than a request's statement time. */
    private static final String TIMEOUT = "select set_config('statement_timeout', $1, true)";
    /** Batches of one pass at most: a pass never runs away, the next one goes on. */
    private static final int MAX_BATCHES = 1000;

    private final Pool pool;
    private final Clock clock;
    private final int batch;
    private final String timeoutMillis;
    private final Counter runs;
    private final Counter evaluated;
    private final Timer idlePasses;
    private final Timer busyPasses;

    public DueChanges(Pool pool, Clock clock, ClienteleConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.clock = clock;
        this.batch = config.segments().dueBatch();
        this.timeoutMillis = String.valueOf(config.limits().longOperationTimeout().toMillis());
        this.runs = Counter.builder("clientele.segments.due.runs")
                .description("Passes of the due-change scheduler").register(metrics);
        this.evaluated = Counter.builder("clientele.segments.due.customers")
                .description("Customers the due-change scheduler evaluated at their instant").register(metrics);
        // Split by outcome: a pass with nothing due is one index probe, and its time is the scheduler's
        // standing cost at any population; a pass that evaluates customers costs what they cost.
        this.idlePasses = passTimer(metrics, "none");
        this.busyPasses = passTimer(metrics, "some");
    }

    private static Timer passTimer(MeterRegistry metrics, String evaluated) {
        return Timer.builder("clientele.segments.due.pass").tag("evaluated", evaluated)
                .description("Duration of a due-change pass, by whether it evaluated any customer").register(metrics);
    }

    @Scheduled(every = "{clientele.segments.due-check-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(failure -> LOG.warnf("The due-change pass failed (%s); the next one goes on",
                failure.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass: every customer due now, in batches; 0 while a pinned asOf holds time still. */
    public Uni<Integer> run() {
        runs.increment();
        long started = System.nanoTime();
        return pool.preparedQuery(ANYONE_DUE).execute(Tuple.of(now()))
                .chain(rows -> rows.iterator().next().getBoolean(0) ? batches(0, 0) : Uni.createFrom().item(0))
                .invoke(count -> (count == 0 ? idlePasses : busyPasses).record(System.nanoTime() - started,
                        TimeUnit.NANOSECONDS));
    }

    private Uni<Integer> batches(int done, int batches) {
        if (batches >= MAX_BATCHES) {
            return Uni.createFrom().item(done);
        }
        return pool.withTransaction(connection -> connection.preparedQuery(TIMEOUT).execute(Tuple.of(timeoutMillis))
                        .chain(() -> connection.preparedQuery(REFRESH_DUE)
                                .execute(Tuple.of(now(), batch))))
                .map(rows -> rows.iterator().next().getInteger(0))
                .invoke(count -> evaluated.increment(count))
                .chain(count -> count == 0 ? Uni.createFrom().item(done) : batches(done + count, batches + 1));
    }

    /** The clock's instant as the engine takes it: microseconds, UTC. */
    private OffsetDateTime now() {
        return Times.utc(Times.micros(clock.instant()));
    }
}
