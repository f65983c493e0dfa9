package com.clientele.activity;

import com.clientele.common.BadUserInputException;
import com.clientele.common.Keys;
import com.clientele.common.Money;
import com.clientele.common.PagesPerOwner;
import com.clientele.common.PageRequest;
import com.clientele.common.Source;
import com.clientele.common.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import static com.clientele.customer.CustomerReader.enumOrNull;

/**
 * Reads purchases, lines and visits with the reactive SQL client, one statement per batch of parents:
 * child fields of many customers resolve in one round trip (no N+1, no shared session).
 */
@ApplicationScoped
public class ActivityReader {

    static final String PURCHASE_CURSOR = "purchase";
    static final String VISIT_CURSOR = "visit";
    private static final String PURCHASE_COLUMNS = """
            p.id, p.external_id, c.external_id as customer_external_id, p.ordered_at, p.currency, p.discount,
            p.coupon_code, p.device, p.source, v.external_id as visit_external_id, p.subtotal, p.total, p.cancelled_at""";
    private static final String PURCHASES_BY_ID = "select " + PURCHASE_COLUMNS + """
             from purchase p join customer c on c.id = p.customer_id left join visit v on v.id = p.visit_id
            where p.id = any($1)""";
    /** Newest first; a page per customer, with each customer's total count. */
    private static final String PURCHASES_OF_CUSTOMERS = """
            select o.id as owner, n.total_count, page.* from unnest($1::bigint[]) as o(id)
            cross join lateral (select count(*) as total_count from purchase where customer_id = o.id) n
            left join lateral (
                select %s from purchase p join customer c on c.id = p.customer_id left join visit v on v.id = p.visit_id
                where p.customer_id = o.id and ($2::timestamptz is null or (p.ordered_at, p.id) < ($2, $3))
                order by p.ordered_at desc, p.id desc limit $4) page on true""".formatted(PURCHASE_COLUMNS);
    private static final String LINES = """
            select purchase_id, sku, category, quantity, unit_price, on_promotion
            from purchase_line where purchase_id = any($1) order by purchase_id, line_no""";
    private static final String VISIT_COLUMNS = """
            v.id, v.external_id, c.external_id as customer_external_id, v.started_at, v.device, v.source,
            v.product_views, v.added_to_cart""";
    private static final String VISITS_BY_ID = "select " + VISIT_COLUMNS
            + " from visit v join customer c on c.id = v.customer_id where v.id = any($1)";
    private static final String VISITS_OF_CUSTOMERS = """
            select o.id as owner, n.total_count, page.* from unnest($1::bigint[]) as o(id)
            cross join lateral (select count(*) as total_count from visit where customer_id = o.id) n
            left join lateral (
                select %s from visit v join customer c on c.id = v.customer_id
                where v.customer_id = o.id and ($2::timestamptz is null or (v.started_at, v.id) < ($2, $3))
                order by v.started_at desc, v.id desc limit $4) page on true""".formatted(VISIT_COLUMNS);

    private final Pool pool;

    public ActivityReader(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<PurchaseNode>> purchasesByIds(List<Long> ids) {
        return pool.preparedQuery(PURCHASES_BY_ID).execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> inOrder(ids, rows, ActivityReader::purchase));
    }

    public Uni<List<VisitNode>> visitsByIds(List<Long> ids) {
        return pool.preparedQuery(VISITS_BY_ID).execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> inOrder(ids, rows, ActivityReader::visit));
    }

    public Uni<List<PurchaseConnection>> purchasesOf(List<Long> customerIds, PageRequest page) throws BadUserInputException {
        return pool.preparedQuery(PURCHASES_OF_CUSTOMERS).execute(pageArgs(customerIds, page))
                .map(rows -> PagesPerOwner.split(customerIds, rows, ActivityReader::purchase, page, PURCHASE_CURSOR,
                        p -> Keys.timeAndId(p.orderedAt(), p.dbId()), PurchaseConnection.PurchaseEdge::new,
                        PurchaseConnection::new));
    }

    public Uni<List<VisitConnection>> visitsOf(List<Long> customerIds, PageRequest page) throws BadUserInputException {
        return pool.preparedQuery(VISITS_OF_CUSTOMERS).execute(pageArgs(customerIds, page))
                .map(rows -> PagesPerOwner.split(customerIds, rows, ActivityReader::visit, page, VISIT_CURSOR,
                        v -> Keys.timeAndId(v.startedAt(), Long.parseLong(v.id())), VisitConnection.VisitEdge::new,
                        VisitConnection::new));
    }

    /** Lines of each purchase, in the purchases' order. */
    public Uni<List<List<PurchaseLineNode>>> linesOf(List<Long> purchaseIds) {
        return pool.preparedQuery(LINES).execute(Tuple.of(purchaseIds.toArray(Long[]::new))).map(rows -> {
            Map<Long, List<PurchaseLineNode>> byPurchase = new HashMap<>();
            rows.forEach(r -> byPurchase.computeIfAbsent(r.getLong("purchase_id"), k -> new ArrayList<>())
                    .add(new PurchaseLineNode(r.getString("sku"), r.getString("category"), r.getInteger("quantity"),
                            Money.of(r.getBigDecimal("unit_price")), r.getBoolean("on_promotion"),
                            Money.of(r.getBigDecimal("unit_price").multiply(BigDecimal.valueOf(r.getInteger("quantity")))))));
            return purchaseIds.stream().map(id -> byPurchase.getOrDefault(id, List.of())).toList();
        });
    }

    /** Parents may repeat in a batch (aliases): each is queried once, and answered at every position. */
    private static Tuple pageArgs(List<Long> customerIds, PageRequest page) throws BadUserInputException {
        Keys.TimeAndId after = page.afterKey() == null ? null : Keys.timeAndId(page.afterKey());
        return Tuple.from(java.util.Arrays.asList(customerIds.stream().distinct().toArray(Long[]::new),
                after == null ? null : Times.utc(after.at()), after == null ? null : after.id(), page.fetchSize()));
    }

    private static <T> List<T> inOrder(List<Long> ids, RowSet<Row> rows, Function<Row, T> mapper) {
        Map<Long, T> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.getLong("id"), mapper.apply(r)));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    static PurchaseNode purchase(Row r) {
        OffsetDateTime cancelled = r.getOffsetDateTime("cancelled_at");
        return new PurchaseNode(String.valueOf(r.getLong("id")), r.getString("external_id"),
                r.getString("customer_external_id"), Times.instant(r.getOffsetDateTime("ordered_at")),
                r.getString("currency"), Money.of(r.getBigDecimal("discount")), r.getString("coupon_code"),
                enumOrNull(r.getString("device"), Device::valueOf), enumOrNull(r.getString("source"), Source::valueOf),
                r.getString("visit_external_id"), Money.of(r.getBigDecimal("subtotal")), Money.of(r.getBigDecimal("total")),
                Times.instant(cancelled));
    }

    static VisitNode visit(Row r) {
        return new VisitNode(String.valueOf(r.getLong("id")), r.getString("external_id"),
                r.getString("customer_external_id"), Times.instant(r.getOffsetDateTime("started_at")),
                enumOrNull(r.getString("device"), Device::valueOf), enumOrNull(r.getString("source"), Source::valueOf),
                r.getInteger("product_views"), r.getBoolean("added_to_cart"));
    }
}
