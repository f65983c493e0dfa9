package com.clientele.segment;

import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.time.Instant;

/** The per-customer metrics of SEGMENTS.md, as of the instant of their last evaluation. */
@Name("CustomerMetrics")
public record CustomerMetricsNode(
        @NonNull Instant asOf,
        int orderCount,
        int ordersInWindow,
        Instant firstOrderAt,
        Instant lastOrderAt,
        Integer daysSinceLastOrder,
        Integer daysSinceFirstOrder,
        @NonNull BigDecimal totalSpend,
        @NonNull BigDecimal spendInWindow,
        BigDecimal averageOrderValue,
        BigDecimal largestOrderTotal,
        Double discountedOrderShare,
        Double mobileOrderShare,
        Double socialOrderShare,
        String topCategory,
        Double topCategoryShare,
        int activeQuartersInLast4,
        int visitsLast30Days,
        Integer ordersAfterLastCartAdd,
        Double interPurchaseGapCv) {
}
