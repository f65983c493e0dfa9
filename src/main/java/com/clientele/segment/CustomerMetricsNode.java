package com.clientele.segment;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The per-customer metrics of SEGMENTS.md, as of the instant of their last evaluation ({@code asOf}): every
 * write of the customer's data evaluates it again, and so does every full recompute.
 */
@Name("CustomerMetrics")
public record CustomerMetricsNode(
        @Description("The instant these metrics were evaluated at: the customer's last write or the last full "
                + "recompute, or the instant pinned by recomputeSegments(asOf), which later writes are evaluated at too "
                + "(segmentStatus.pinnedAsOf). recomputeSegments without asOf returns to the clock.")
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
        Double interPurchaseGapCv,
        int ordersLast365Days,
        int bulkOrdersInWindow,
        Double quickOrderShare,
        Double researchVisitsPerOrder,
        int visitsInWindow,
        Double mobileVisitShare,
        Integer daysSinceLastCartAdd) {
}
