package com.clientele.segment.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The feed in {@code /q/metrics}: how far the horizon lags, how many subscriptions are open and what they
 * were sent, and the changes of each segment as the feed serves them. The figures that need the database
 * are read every 10 s, never while metrics are scraped. Segment counts are the cluster's (every replica
 * reads the same log): aggregate them across replicas with max, not sum.
 */
@ApplicationScoped
public class FeedMetrics {

    /** Age of the oldest transaction with an id still running, anywhere in the cluster this role can see. */
    private static final String LAG = """
            select coalesce(extract(epoch from clock_timestamp() - min(xact_start)), 0)::float8
            from pg_stat_activity where backend_xid is not null""";
    private static final String NEW_CHANGES = "with " + ChangeLog.HORIZON_CTE + ", " + """
            served as (select h.xid, h.id, h.segment_key, h.entered from membership_change h
                       where (h.xid, h.id) > ($1::text::xid8, $2) and h.xid < (select xid from horizon))
            select segment_key, entered, count(*) as changes, null::bigint as xid, null::bigint as id from served
            group by segment_key, entered
            union all
            (select null, null, null, xid::text::bigint, id from served order by xid desc, id desc limit 1)""";

    private final Pool pool;
    private final MeterRegistry registry;
    private final ChangeLog log;
    private final Map<String, Counter> changes = new ConcurrentHashMap<>();
    private final AtomicReference<ChangePosition> counted = new AtomicReference<>();
    private volatile double lagSeconds;

    public FeedMetrics(Pool pool, MeterRegistry registry, ChangeLog log, SegmentChanges subscriptions) {
        this.pool = pool;
        this.registry = registry;
        this.log = log;
        Gauge.builder("clientele.feed.lag.seconds", this, m -> m.lagSeconds).baseUnit("seconds")
                .description("Age of the oldest running transaction that holds the change feed's horizon back")
                .register(registry);
        Gauge.builder("clientele.feed.subscriptions", subscriptions, SegmentChanges::open)
                .description("segmentChanges subscriptions open on this replica").register(registry);
    }

    @Scheduled(every = "10s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query(LAG).execute()
                .invoke(rows -> lagSeconds = rows.iterator().next().getDouble(0))
                .chain(this::countNewChanges)
                .onFailure().recoverWithNull().replaceWithVoid(); // the database is down: the figures wait
    }

    private Uni<Void> countNewChanges() {
        ChangePosition from = counted.get();
        if (from == null) { // counting starts with the service: what came before is history, not traffic
            return log.now().invoke(counted::set).replaceWithVoid();
        }
        return pool.preparedQuery(NEW_CHANGES).execute(Tuple.of(Long.toString(from.transaction()), from.sequence()))
                .invoke(rows -> {
                    for (Row r : rows) {
                        if (r.getString("segment_key") != null) {
                            counter(r.getString("segment_key"), r.getBoolean("entered")).increment(r.getLong("changes"));
                        } else {
                            counted.set(new ChangePosition(r.getLong("xid"), r.getLong("id")));
                        }
                    }
                }).replaceWithVoid();
    }

    private Counter counter(String segment, boolean entered) {
        return changes.computeIfAbsent(segment + (entered ? "+" : "-"), k -> Counter.builder("clientele.segment.changes")
                .description("Entries and exits the change feed has served, by segment (the cluster's, since this replica started)")
                .tag("segment", segment).tag("change", entered ? "entry" : "exit").register(registry));
    }
}
