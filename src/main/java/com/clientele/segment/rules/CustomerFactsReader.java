package com.clientele.segment.rules;

import com.clientele.common.Times;
import com.clientele.rule.CustomerFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the rule evaluator needs of customers, as stored: the customer, the engine's metrics, its
 * memberships, and every order (with lines) and visit. Six statements for any number of customers.
 */
@ApplicationScoped
public class CustomerFactsReader {

    private static final String CUSTOMERS = """
            select c.*, cm.*, c.id as customer, g.segment_key as rfm_group from customer c
            left join customer_metrics cm on cm.customer_id = c.id
            left join rfm_group g on g.r = cm.rfm_recency and g.fm = (cm.rfm_frequency + cm.rfm_monetary + 1) / 2
            where c.id = any($1)""";
    private static final String ATTRIBUTES = """
            select c.id, a.key, jsonb_typeof(a.value) as type, a.value #>> '{}' as text
            from customer c cross join lateral jsonb_each(c.attributes) a where c.id = any($1)""";
    private static final String MEMBERSHIPS = "select customer_id, segment_key from segment_membership where customer_id = any($1)";
    private static final String ORDERS = """
            select id, customer_id, ordered_at, cancelled_at, total, device, source, discount, coupon_code
            from purchase where customer_id = any($1)""";
    private static final String LINES = """
            select l.purchase_id, l.sku, l.category, l.quantity, l.unit_price, l.on_promotion
            from purchase_line l join purchase p on p.id = l.purchase_id where p.customer_id = any($1)""";
    private static final String VISITS = """
            select id, customer_id, started_at, device, source, added_to_cart from visit where customer_id = any($1)""";
    /** Metrics by rule name and column; shares and ratios are stored as double precision. */
    private static final Map<String, String> NUMBERS = Map.ofEntries(Map.entry("orderCount", "order_count"),
            Map.entry("ordersInWindow", "orders_in_window"), Map.entry("daysSinceLastOrder", "days_since_last_order"),
            Map.entry("daysSinceFirstOrder", "days_since_first_order"), Map.entry("totalSpend", "total_spend"),
            Map.entry("spendInWindow", "spend_in_window"), Map.entry("averageOrderValue", "average_order_value"),
            Map.entry("largestOrderTotal", "largest_order_total"), Map.entry("activeQuartersInLast4", "active_quarters_in_last4"),
            Map.entry("visitsLast30Days", "visits_last30_days"), Map.entry("ordersAfterLastCartAdd", "orders_after_last_cart_add"),
            Map.entry("rfm.recency", "rfm_recency"), Map.entry("rfm.frequency", "rfm_frequency"),
            Map.entry("rfm.monetary", "rfm_monetary"), Map.entry("ordersLast365Days", "orders_last365_days"),
            Map.entry("bulkOrdersInWindow", "bulk_orders_in_window"), Map.entry("visitsInWindow", "visits_in_window"),
            Map.entry("daysSinceLastCartAdd", "days_since_last_cart_add"));
    private static final Map<String, String> DOUBLES = Map.of("discountedOrderShare", "discounted_order_share",
            "mobileOrderShare", "mobile_order_share", "socialOrderShare", "social_order_share",
            "topCategoryShare", "top_category_share", "interPurchaseGapCv", "inter_purchase_gap_cv",
            "quickOrderShare", "quick_order_share", "researchVisitsPerOrder", "research_visits_per_order",
            "mobileVisitShare", "mobile_visit_share");

    private final Pool pool;

    public CustomerFactsReader(Pool pool) {
        this.pool = pool;
    }

    /** The facts of each customer, by id, for evaluation at {@code asOf}. */
    public Uni<Map<Long, CustomerFacts>> read(List<Long> customerIds, Instant asOf) {
        Tuple ids = Tuple.of(customerIds.toArray(Long[]::new));
        Map<Long, Map<String, Object>> fields = new LinkedHashMap<>();
        Map<Long, Map<String, Object>> attributes = new HashMap<>();
        Map<Long, Set<String>> segments = new HashMap<>();
        Map<Long, List<CustomerFacts.Order>> orders = new HashMap<>();
        Map<Long, List<CustomerFacts.Visit>> visits = new HashMap<>();
        Map<Long, List<CustomerFacts.Line>> lines = new HashMap<>();
        Map<Long, Boolean> promoted = new HashMap<>();
        return pool.preparedQuery(CUSTOMERS).execute(ids).invoke(rows -> rows.forEach(r -> fields.put(r.getLong("customer"), fields(r))))
                .chain(() -> pool.preparedQuery(ATTRIBUTES).execute(ids)).invoke(rows -> rows.forEach(r ->
                        attributes.computeIfAbsent(r.getLong("id"), k -> new HashMap<>()).put(r.getString("key"), attribute(r))))
                .chain(() -> pool.preparedQuery(MEMBERSHIPS).execute(ids)).invoke(rows -> rows.forEach(r ->
                        segments.computeIfAbsent(r.getLong("customer_id"), k -> new HashSet<>()).add(r.getString("segment_key"))))
                .chain(() -> pool.preparedQuery(LINES).execute(ids)).invoke(rows -> rows.forEach(r -> {
                    lines.computeIfAbsent(r.getLong("purchase_id"), k -> new ArrayList<>()).add(new CustomerFacts.Line(
                            r.getString("sku"), r.getString("category"), r.getInteger("quantity"), r.getBigDecimal("unit_price")));
                    promoted.merge(r.getLong("purchase_id"), r.getBoolean("on_promotion"), Boolean::logicalOr);
                }))
                .chain(() -> pool.preparedQuery(ORDERS).execute(ids)).invoke(rows -> rows.forEach(r -> {
                    long id = r.getLong("id");
                    boolean discounted = r.getBigDecimal("discount").signum() > 0 || r.getString("coupon_code") != null
                            || promoted.getOrDefault(id, false);
                    orders.computeIfAbsent(r.getLong("customer_id"), k -> new ArrayList<>()).add(new CustomerFacts.Order(id,
                            instant(r, "ordered_at"), r.getValue("cancelled_at") != null, r.getBigDecimal("total"),
                            r.getString("device"), r.getString("source"), discounted, lines.getOrDefault(id, List.of())));
                }))
                .chain(() -> pool.preparedQuery(VISITS).execute(ids)).map(rows -> {
                    rows.forEach(r -> visits.computeIfAbsent(r.getLong("customer_id"), k -> new ArrayList<>()).add(
                            new CustomerFacts.Visit(r.getLong("id"), instant(r, "started_at"), r.getString("device"),
                                    r.getString("source"), r.getBoolean("added_to_cart"))));
                    Map<Long, CustomerFacts> facts = new LinkedHashMap<>();
                    fields.forEach((id, f) -> facts.put(id, new CustomerFacts(asOf, f, attributes.getOrDefault(id, Map.of()),
                            segments.getOrDefault(id, Set.of()), orders.getOrDefault(id, List.of()), visits.getOrDefault(id, List.of()))));
                    return facts;
                });
    }

    private static Map<String, Object> fields(Row r) {
        Map<String, Object> f = new HashMap<>();
        f.put("externalId", r.getString("external_id"));
        f.put("email", r.getString("email"));
        f.put("name", r.getString("name"));
        f.put("city", r.getString("city"));
        f.put("country", r.getString("country"));
        f.put("kind", r.getString("kind"));
        f.put("gender", r.getString("gender"));
        f.put("acquisitionSource", r.getString("acquisition_source"));
        f.put("birthDate", r.getLocalDate("birth_date"));
        f.put("firstSeenAt", instant(r, "first_seen_at"));
        f.put("registered", r.getBoolean("registered"));
        f.put("marketingConsent", r.getBoolean("marketing_consent"));
        NUMBERS.forEach((name, column) -> f.put(name, r.getValue(column) == null ? null : new BigDecimal(r.getValue(column).toString())));
        DOUBLES.forEach((name, column) -> f.put(name, r.getDouble(column)));
        f.put("firstOrderAt", instant(r, "first_order_at"));
        f.put("lastOrderAt", instant(r, "last_order_at"));
        f.put("topCategory", r.getString("top_category"));
        f.put("rfm.group", r.getString("rfm_group"));
        f.put("lifecycle", r.getString("lifecycle"));
        return f;
    }

    private static Object attribute(Row r) {
        String text = r.getString("text");
        return switch (r.getString("type")) {
            case "number" -> new BigDecimal(text);
            case "boolean" -> Boolean.valueOf(text);
            default -> text;
        };
    }

    private static Instant instant(Row r, String column) {
        return Times.instant(r.getOffsetDateTime(column));
    }
}
