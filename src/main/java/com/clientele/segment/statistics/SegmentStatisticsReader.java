package com.clientele.segment.statistics;

import com.clientele.common.Money;
import com.clientele.common.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each segment's latest recorded statistics (segment_size_daily, V11), one statement per batch of segments. */
@ApplicationScoped
public class SegmentStatisticsReader {

    /** The latest recording of each key, by the index on (segment_key, recorded_at desc). */
    private static final String LATEST = """
            select k.key, s.* from unnest($1::text[]) as k(key) cross join lateral (
                select d.evaluated_at, d.recorded_at, d.size, d.orders_in_window, d.revenue_in_window,
                       d.shop_customers, d.shop_orders_in_window, d.shop_revenue_in_window
                from segment_size_daily d where d.segment_key = k.key and d.recorded_at is not null
                order by d.recorded_at desc limit 1) s""";

    private final Pool pool;

    public SegmentStatisticsReader(Pool pool) {
        this.pool = pool;
    }

    /** The statistics of each key that has any; keys never recorded are absent. */
    public Uni<Map<String, SegmentStatistics>> latest(List<String> keys) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> {
            Map<String, SegmentStatistics> byKey = new HashMap<>();
            rows.forEach(r -> byKey.put(r.getString("key"), statistics(r)));
            return byKey;
        });
    }

    static SegmentStatistics statistics(Row r) {
        int size = r.getInteger("size");
        long orders = r.getLong("orders_in_window");
        BigDecimal revenue = r.getBigDecimal("revenue_in_window");
        long shopOrders = r.getLong("shop_orders_in_window");
        BigDecimal shopRevenue = r.getBigDecimal("shop_revenue_in_window");
        return new SegmentStatistics(Times.instant(r.getOffsetDateTime("evaluated_at")),
                Times.instant(r.getOffsetDateTime("recorded_at")), size,
                share(BigDecimal.valueOf(size), BigDecimal.valueOf(r.getInteger("shop_customers"))), orders,
                share(BigDecimal.valueOf(orders), BigDecimal.valueOf(shopOrders)), Money.of(revenue),
                share(revenue, shopRevenue), average(revenue, orders), average(revenue, size),
                average(shopRevenue, shopOrders));
    }

    private static Double share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.doubleValue() / whole.doubleValue();
    }

    private static BigDecimal average(BigDecimal total, long count) {
        return count == 0 ? null : total.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }
}
