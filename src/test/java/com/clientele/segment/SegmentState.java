package com.clientele.segment;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every metric and membership of a shop's customers, one line each, for comparing what incremental
 * maintenance computed with what a full recompute computes. RFM groups and BIG_SPENDER depend on
 * everyone (cut-points and a percentile refreshed by full runs) and are left out; RfmScoringTest covers them.
 */
final class SegmentState {

    private static final String STATE = """
            select c.external_id, coalesce(string_agg(m.segment_key || ':' || coalesce(m.detail, ''), ',' order by m.segment_key)
                   filter (where m.segment_key not in (select segment_key from rfm_group) and m.segment_key <> 'BIG_SPENDER'), '')
                   || '|' || row(cm.order_count, cm.orders_in_window, cm.first_order_at, cm.last_order_at,
                      cm.days_since_last_order, cm.total_spend, cm.spend_in_window, cm.average_order_value,
                      cm.largest_order_total, cm.discounted_order_share, cm.mobile_order_share, cm.top_category,
                      cm.top_category_share, cm.active_quarters_in_last4, cm.visits_last30_days,
                      cm.orders_after_last_cart_add, cm.inter_purchase_gap_cv)::text as state
            from customer c join customer_metrics cm on cm.customer_id = c.id
            left join segment_membership m on m.customer_id = c.id
            where c.external_id like $1 group by c.external_id, cm.customer_id order by c.external_id""";

    private SegmentState() {
    }

    static Map<String, String> of(Pool pool, Shop shop) {
        Map<String, String> state = new TreeMap<>();
        pool.preparedQuery(STATE).execute(Tuple.of(shop.id("%"))).await().indefinitely()
                .forEach(r -> state.put(r.getString("external_id"), r.getString("state")));
        return state;
    }
}
