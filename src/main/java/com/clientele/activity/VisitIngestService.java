package com.clientele.activity;

import com.clientele.common.BadUserInputException;
import com.clientele.common.InputCheck;
import com.clientele.common.Times;
import com.clientele.common.WriteFailures;
import com.clientele.common.ChangedCustomers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records batches of visits: all or nothing, idempotent per external id, set-based like purchases. */
@ApplicationScoped
public class VisitIngestService {

    private static final String STORED = "select id, external_id, content_hash from visit where external_id = any($1)";
    private static final String INSERT = """
            insert into visit (external_id, customer_id, started_at, device, source, product_views, added_to_cart,
                               content_hash)
            select x.external_id, x.customer_id, x.started_at, x.device, x.source, x.product_views, x.added_to_cart,
                   decode(x.content_hash, 'hex')
            from unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::int[], $7::bool[],
                        $8::text[])
                 as x(external_id, customer_id, started_at, device, source, product_views, added_to_cart, content_hash)
            on conflict (external_id) do nothing
            returning id, external_id""";

    private final Pool pool;
    private final Clock clock;
    private final ChangedCustomers changedCustomers;

    public VisitIngestService(Pool pool, Clock clock, ChangedCustomers changedCustomers) {
        this.pool = pool;
        this.clock = clock;
        this.changedCustomers = changedCustomers;
    }

    public Uni<List<Long>> record(List<VisitInput> visits) throws BadUserInputException {
        InputCheck check = new InputCheck();
        ActivityInputCheck.visits(check, visits, clock.instant());
        check.throwIfAny();
        List<IdempotentBatch.Item> items = visits.stream()
                .map(v -> new IdempotentBatch.Item(v.externalId, v.customerExternalId, hash(v))).toList();
        return pool.withTransaction(conn -> IdempotentBatch.plan(conn, "visits", items, STORED)
                        .chain(plan -> insert(conn, visits, plan, items)
                                .chain(newIds -> changedCustomers.refresh(conn, new ArrayList<>(plan.customerIds().values()))
                                        .map(ignored -> plan.idsInOrder(items, newIds)))))
                .onFailure().transform(WriteFailures.concurrentWrite("visits"));
    }

    private static String hash(VisitInput v) {
        return new ContentHash().add(v.customerExternalId).add(Times.micros(v.startedAt)).add(v.device).add(v.source)
                .add(productViews(v)).add(Boolean.TRUE.equals(v.addedToCart)).hex();
    }

    private static int productViews(VisitInput v) {
        return v.productViews == null ? 0 : v.productViews;
    }

    private static Uni<Map<String, Long>> insert(SqlConnection conn, List<VisitInput> visits, IdempotentBatch plan,
                                                 List<IdempotentBatch.Item> items) {
        List<VisitInput> fresh = plan.newItems().stream().map(visits::get).toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = fresh.size();
        String[] externalIds = new String[n], devices = new String[n], sources = new String[n], hashes = new String[n];
        Long[] customers = new Long[n];
        OffsetDateTime[] startedAt = new OffsetDateTime[n];
        Integer[] views = new Integer[n];
        Boolean[] carts = new Boolean[n];
        for (int i = 0; i < n; i++) {
            VisitInput v = fresh.get(i);
            externalIds[i] = v.externalId;
            customers[i] = plan.customerIds().get(v.customerExternalId);
            startedAt[i] = Times.utc(v.startedAt);
            devices[i] = v.device == null ? null : v.device.name();
            sources[i] = v.source == null ? null : v.source.name();
            views[i] = productViews(v);
            carts[i] = Boolean.TRUE.equals(v.addedToCart);
            hashes[i] = hash(v);
        }
        Tuple args = Tuple.from(List.of(externalIds, customers, startedAt, devices, sources, views, carts, hashes));
        return conn.preparedQuery(INSERT).execute(args).chain(rows -> plan.withConcurrentlyStored(conn,
                IdempotentBatch.returnedIds(rows), items, "visits", STORED));
    }
}
