package com.clientele.segment;

import com.clientele.common.BadUserInputException;
import com.clientele.common.Money;
import com.clientele.common.PagesPerOwner;
import com.clientele.common.PageRequest;
import com.clientele.common.Times;
import com.clientele.customer.CustomerConnection;
import com.clientele.customer.CustomerReader;
import com.clientele.segment.feed.ChangeLog;
import com.clientele.segment.feed.ChangePosition;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads memberships, metrics and history with the reactive SQL client, one statement per batch. */
@ApplicationScoped
public class SegmentReader {

    static final String HISTORY_CURSOR = "change";
    /** The storefront hot path: one indexed join, keys only. */
    private static final String KEYS_OF = """
            select m.segment_key from customer c join segment_membership m on m.customer_id = c.id
            where c.external_id = $1 order by m.segment_key""";
    /** With each segment's definition, read in the same statement: a concurrent delete cannot split them. */
    private static final String MEMBERSHIPS = """
            select m.customer_id, m.segment_key, m.since, m.detail, d.name, d.family, d.description
            from segment_membership m join segment_definition d on d.key = m.segment_key
            where m.customer_id = any($1) order by m.customer_id, d.position nulls last, m.segment_key""";
    /** The metrics with the RFM group their scores name (rfm_group, the table the engine uses). */
    private static final String METRICS = """
            select cm.*, g.segment_key as rfm_group from customer_metrics cm
            left join rfm_group g on g.r = cm.rfm_recency and g.fm = (cm.rfm_frequency + cm.rfm_monetary + 1) / 2
            where cm.customer_id = any($1) and cm.lifecycle is not null""";
    /** The same, computed without storing them: for customers the engine has not evaluated yet. */
    private static final String COMPUTED_METRICS = """
            select cm.*, g.segment_key as rfm_group
            from clientele_compute_metrics($2, $1, clientele_current_settings()) cm
            left join rfm_group g on g.r = cm.rfm_recency and g.fm = (cm.rfm_frequency + cm.rfm_monetary + 1) / 2""";
    private static final String SIZES = """
            select segment_key, count(*) as size from segment_membership where segment_key = any($1) group by segment_key""";
    private static final String MEMBERS = "select " + CustomerReader.COLUMNS + """
             from segment_membership m join customer c on c.id = m.customer_id
            where m.segment_key = $1 and m.customer_id > $2 order by m.customer_id limit $3""";
    /** For every segment of a list at once (the console's overview draws all of them). */
    private static final String SIZE_HISTORIES = """
            select segment_key, day, size from segment_size_daily where segment_key = any($1)
              and ($2::date is null or day >= $2) and ($3::date is null or day <= $3) order by segment_key, day""";
    private static final String HISTORY = """
            select o.id as owner, n.total_count, page.* from unnest($1::bigint[]) as o(id)
            cross join lateral (select count(*) as total_count from membership_change where customer_id = o.id) n
            left join lateral (
                select h.xid::text::bigint as xid, h.id, c.external_id, h.segment_key, h.entered, h.at
                from membership_change h join customer c on c.id = h.customer_id
                where h.customer_id = o.id and (h.xid, h.id) < ($2::text::xid8, $3)
                order by h.xid desc, h.id desc limit $4) page on true""";

    private final Pool pool;
    private final EvaluationInstant instant;

    public SegmentReader(Pool pool, EvaluationInstant instant) {
        this.pool = pool;
        this.instant = instant;
    }

    public Uni<List<String>> keysOf(String externalId) {
        return pool.preparedQuery(KEYS_OF).execute(Tuple.of(externalId)).map(rows -> {
            List<String> keys = new ArrayList<>(rows.size());
            rows.forEach(r -> keys.add(r.getString(0)));
            return keys;
        });
    }

    public Uni<List<List<SegmentMembershipNode>>> membershipsOf(List<Long> customerIds) {
        return pool.preparedQuery(MEMBERSHIPS).execute(Tuple.of(customerIds.toArray(Long[]::new))).map(rows -> {
            Map<Long, List<SegmentMembershipNode>> byCustomer = new HashMap<>();
            rows.forEach(r -> byCustomer.computeIfAbsent(r.getLong("customer_id"), k -> new ArrayList<>())
                    .add(new SegmentMembershipNode(r.getString("segment_key"),
                            Times.instant(r.getOffsetDateTime("since")), r.getString("detail"), SegmentCatalogue.node(r))));
            return customerIds.stream().map(id -> byCustomer.getOrDefault(id, List.of())).toList();
        });
    }

    /**
     * The metrics rows of the batch, in its order. A customer the engine has not evaluated yet (written
     * around the API, by a bulk load, before the next recompute) gets its metrics computed for this read,
     * at the evaluation instant, and not stored: reads never write.
     */
    public Uni<List<Row>> metricsRowsOf(List<Long> customerIds) {
        Long[] ids = customerIds.stream().distinct().toArray(Long[]::new);
        Map<Long, Row> byCustomer = new HashMap<>();
        return pool.preparedQuery(METRICS).execute(Tuple.of((Object) ids)).chain(rows -> {
            rows.forEach(r -> byCustomer.put(r.getLong("customer_id"), r));
            Long[] missing = Arrays.stream(ids).filter(id -> !byCustomer.containsKey(id)).toArray(Long[]::new);
            if (missing.length == 0) {
                return Uni.createFrom().voidItem();
            }
            return instant.current().chain(asOf -> pool.preparedQuery(COMPUTED_METRICS)
                    .execute(Tuple.of(missing, Times.utc(asOf))))
                    .invoke(computed -> computed.forEach(r -> byCustomer.put(r.getLong("customer_id"), r)))
                    .replaceWithVoid();
        }).map(ignored -> customerIds.stream().map(byCustomer::get).toList());
    }

    static CustomerMetricsNode metrics(Row r) {
        return new CustomerMetricsNode(Times.instant(r.getOffsetDateTime("as_of")), r.getInteger("order_count"),
                r.getInteger("orders_in_window"), Times.instant(r.getOffsetDateTime("first_order_at")),
                Times.instant(r.getOffsetDateTime("last_order_at")), r.getInteger("days_since_last_order"),
                r.getInteger("days_since_first_order"), Money.of(r.getBigDecimal("total_spend")),
                Money.of(r.getBigDecimal("spend_in_window")), Money.of(r.getBigDecimal("average_order_value")),
                Money.of(r.getBigDecimal("largest_order_total")), r.getDouble("discounted_order_share"),
                r.getDouble("mobile_order_share"), r.getDouble("social_order_share"), r.getString("top_category"),
                r.getDouble("top_category_share"), r.getInteger("active_quarters_in_last4"),
                r.getInteger("visits_last30_days"), r.getInteger("orders_after_last_cart_add"),
                r.getDouble("inter_purchase_gap_cv"), r.getInteger("orders_last365_days"),
                r.getInteger("bulk_orders_in_window"), r.getDouble("quick_order_share"),
                r.getDouble("research_visits_per_order"), r.getInteger("visits_in_window"),
                r.getDouble("mobile_visit_share"), r.getInteger("days_since_last_cart_add"));
    }

    static RfmNode rfm(Row r) {
        String group = r.getString("rfm_group");
        return group == null ? null : new RfmNode(r.getInteger("rfm_recency"), r.getInteger("rfm_frequency"),
                r.getInteger("rfm_monetary"), group);
    }

    public Uni<Map<String, Integer>> sizes(List<String> keys) {
        return pool.preparedQuery(SIZES).execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> {
            Map<String, Integer> sizes = new HashMap<>();
            rows.forEach(r -> sizes.put(r.getString("segment_key"), r.getLong("size").intValue()));
            return sizes;
        });
    }

    public Uni<CustomerConnection> members(String key, PageRequest page) throws BadUserInputException {
        long after = CustomerReader.afterId(page);
        return pool.preparedQuery(MEMBERS).execute(Tuple.of(key, after, page.fetchSize()))
                .map(rows -> CustomerReader.connection(page, rows,
                        () -> sizes(List.of(key)).map(s -> (long) s.getOrDefault(key, 0))));
    }

    /** Each segment's points in day order; a segment without any is absent. */
    public Uni<Map<String, List<SegmentSizePoint>>> sizeHistories(List<String> keys, LocalDate from, LocalDate to) {
        return pool.preparedQuery(SIZE_HISTORIES).execute(Tuple.of(keys.toArray(String[]::new), from, to)).map(rows -> {
            Map<String, List<SegmentSizePoint>> byKey = new HashMap<>();
            rows.forEach(r -> byKey.computeIfAbsent(r.getString("segment_key"), k -> new ArrayList<>())
                    .add(new SegmentSizePoint(r.getLocalDate("day"), r.getInteger("size"))));
            return byKey;
        });
    }

    /** Each customer's entries and exits, newest first. */
    public Uni<List<MembershipChangeConnection>> historyOf(List<Long> customerIds, PageRequest page)
            throws BadUserInputException {
        ChangePosition before = page.afterKey() == null ? ChangePosition.END : ChangePosition.parse(page.afterKey(), "after");
        Long[] distinct = customerIds.stream().distinct().toArray(Long[]::new);
        return pool.preparedQuery(HISTORY)
                .execute(Tuple.of(distinct, Long.toString(before.transaction()), before.sequence(), page.fetchSize()))
                .map(rows -> PagesPerOwner.split(customerIds, rows, ChangeLog::node, page, HISTORY_CURSOR,
                        MembershipChangeNode::id, MembershipChangeConnection.MembershipChangeEdge::new,
                        MembershipChangeConnection::new));
    }
}
