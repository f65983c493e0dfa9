package com.clientele.activity;

import com.clientele.common.ApiException.Problem;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records batches of purchases: one transaction per batch, all or nothing, idempotent per external id.
 * Rows are written set-based ({@code insert ... select from unnest(arrays)}), purchases and lines in one
 * statement whatever the batch size: ingest throughput is a product feature, and row-by-row entity
 * inserts would cost a round trip per row. The affected customers' segments are brought up to date in the
 * same transaction.
 */
@ApplicationScoped
public class PurchaseIngestService {

    private static final String STORED = "select id, external_id, content_hash from purchase where external_id = any($1)";
    private static final String VISITS = "select id, external_id, customer_id from visit where external_id = any($1)";
    /**
     * The purchases and their lines in one statement (a round trip fewer on every write): the lines of a
     * purchase that was stored before (a replay, or a concurrent request's) are not inserted again, since
     * they join only the purchases this statement inserted.
     */
    private static final String INSERT_PURCHASES_AND_LINES = """
            with inserted as (
                insert into purchase (external_id, customer_id, ordered_at, currency, discount, coupon_code, device,
                                      source, visit_id, subtotal, total, units, max_line_quantity, any_promotion, content_hash)
                select x.external_id, x.customer_id, x.ordered_at, x.currency, x.discount::numeric, x.coupon_code,
                       x.device, x.source, x.visit_id, x.subtotal::numeric, x.total::numeric, x.units,
                       x.max_line_quantity, x.any_promotion, decode(x.content_hash, 'hex')
                from unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::bigint[], $10::text[], $11::text[], $12::int[], $13::int[], $14::bool[], $15::text[])
                     as x(external_id, customer_id, ordered_at, currency, discount, coupon_code, device, source, visit_id,
                          subtotal, total, units, max_line_quantity, any_promotion, content_hash)
                on conflict (external_id) do nothing
                returning id, external_id),
            lines as (
                insert into purchase_line (purchase_id, line_no, sku, category, quantity, unit_price, on_promotion)
                select i.id, x.line_no, x.sku, x.category, x.quantity, x.unit_price::numeric, x.on_promotion
                from unnest($16::text[], $17::smallint[], $18::text[], $19::text[], $20::int[], $21::text[], $22::bool[])
                     as x(purchase_external_id, line_no, sku, category, quantity, unit_price, on_promotion)
                join inserted i on i.external_id = x.purchase_external_id)
            select id, external_id from inserted""";

    private final Pool pool;
    private final Clock clock;
    private final ChangedCustomers changedCustomers;

    public PurchaseIngestService(Pool pool, Clock clock, ChangedCustomers changedCustomers) {
        this.pool = pool;
        this.clock = clock;
        this.changedCustomers = changedCustomers;
    }

    /** Stores the batch and returns the purchases' ids in input order (stored ids for replays). */
    public Uni<List<Long>> record(List<PurchaseInput> purchases) throws BadUserInputException {
        InputCheck check = new InputCheck();
        ActivityInputCheck.purchases(check, purchases, clock.instant());
        check.throwIfAny();
        List<NewPurchase> batch = purchases.stream().map(NewPurchase::of).toList();
        List<IdempotentBatch.Item> items = batch.stream()
                .map(p -> new IdempotentBatch.Item(p.input().externalId, p.input().customerExternalId, p.hash()))
                .toList();
        return pool.withTransaction(conn -> IdempotentBatch.plan(conn, "purchases", items, STORED)
                        .chain(plan -> visitIds(conn, batch, plan)
                                .chain(visits -> insert(conn, batch, plan, items, visits))
                                .chain(newIds -> changedCustomers.refresh(conn, new ArrayList<>(plan.customerIds().values()))
                                        .map(ignored -> plan.idsInOrder(items, newIds)))))
                .onFailure().transform(WriteFailures.concurrentWrite("purchases"));
    }

    /** Resolves each named visit; it must exist and belong to the purchase's customer. */
    private Uni<Map<String, Long>> visitIds(SqlConnection conn, List<NewPurchase> batch, IdempotentBatch plan) {
        String[] named = batch.stream().map(p -> p.input().visitExternalId).filter(Objects::nonNull)
                .distinct().toArray(String[]::new);
        if (named.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery(VISITS).execute(Tuple.of(named)).chain(rows -> {
            Map<String, Long> ids = new HashMap<>();
            Map<String, Long> owners = new HashMap<>();
            rows.forEach(r -> {
                ids.put(r.getString("external_id"), r.getLong("id"));
                owners.put(r.getString("external_id"), r.getLong("customer_id"));
            });
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                PurchaseInput in = batch.get(i).input();
                if (in.visitExternalId != null && !Objects.equals(owners.get(in.visitExternalId),
                        plan.customerIds().get(in.customerExternalId))) {
                    problems.add(new Problem("purchases[" + i + "].visitExternalId",
                            "names no visit of this customer; record the visit first"));
                }
            }
            return problems.isEmpty() ? Uni.createFrom().item(ids)
                    : Uni.createFrom().failure(new BadUserInputException(problems));
        });
    }

    private Uni<Map<String, Long>> insert(SqlConnection conn, List<NewPurchase> batch, IdempotentBatch plan,
                                          List<IdempotentBatch.Item> items, Map<String, Long> visitIds) {
        List<NewPurchase> fresh = plan.newItems().stream().map(batch::get).toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = fresh.size();
        String[] externalIds = new String[n], currencies = new String[n], discounts = new String[n],
                coupons = new String[n], devices = new String[n], sources = new String[n], subtotals = new String[n],
                totals = new String[n], hashes = new String[n];
        Long[] customers = new Long[n], visits = new Long[n];
        OffsetDateTime[] orderedAt = new OffsetDateTime[n];
        Integer[] units = new Integer[n], maxQuantities = new Integer[n];
        Boolean[] promotions = new Boolean[n];
        for (int i = 0; i < n; i++) {
            NewPurchase p = fresh.get(i);
            PurchaseInput in = p.input();
            externalIds[i] = in.externalId;
            customers[i] = plan.customerIds().get(in.customerExternalId);
            orderedAt[i] = Times.utc(p.orderedAt());
            currencies[i] = in.currency;
            discounts[i] = p.discount().toPlainString();
            coupons[i] = in.couponCode;
            devices[i] = in.device == null ? null : in.device.name();
            sources[i] = in.source == null ? null : in.source.name();
            visits[i] = in.visitExternalId == null ? null : visitIds.get(in.visitExternalId);
            subtotals[i] = p.subtotal().toPlainString();
            totals[i] = p.total().toPlainString();
            units[i] = p.units();
            maxQuantities[i] = p.maxLineQuantity();
            promotions[i] = p.anyPromotion();
            hashes[i] = p.hash();
        }
        List<Object> args = new ArrayList<>(List.of(externalIds, customers, orderedAt, currencies, discounts, coupons,
                devices, sources, visits, subtotals, totals, units, maxQuantities, promotions, hashes));
        args.addAll(lineArguments(fresh));
        return conn.preparedQuery(INSERT_PURCHASES_AND_LINES).execute(Tuple.from(args))
                .chain(rows -> plan.withConcurrentlyStored(conn, IdempotentBatch.returnedIds(rows), items, "purchases", STORED));
    }

    /** The lines of these purchases as the statement's $16 to $22, each under its purchase's external id. */
    private static List<Object> lineArguments(List<NewPurchase> purchases) {
        int n = purchases.stream().mapToInt(p -> p.lines().size()).sum();
        String[] purchaseIds = new String[n], skus = new String[n], categories = new String[n], prices = new String[n];
        Short[] lineNos = new Short[n];
        Integer[] quantities = new Integer[n];
        Boolean[] promotions = new Boolean[n];
        int row = 0;
        for (NewPurchase p : purchases) {
            short lineNo = 1;
            for (PurchaseLineInput line : p.lines()) {
                purchaseIds[row] = p.input().externalId;
                lineNos[row] = lineNo++;
                skus[row] = line.sku;
                categories[row] = line.category;
                quantities[row] = line.quantity;
                prices[row] = line.unitPrice.toPlainString();
                promotions[row] = Boolean.TRUE.equals(line.onPromotion);
                row++;
            }
        }
        return List.of(purchaseIds, lineNos, skus, categories, quantities, prices, promotions);
    }
}
