package com.clientele.segment.statistics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a marketer picks a segment by, as recorded with its size: how much of the shop's customers, orders
 * and revenue in the window its members hold, and what they spend per order and per customer.
 */
@Name("SegmentStatistics")
@Description("The segment's share of the shop and its members' spending, over the orders in the window "
        + "(segmentSettings.window days up to asOf), as recorded by the last full recompute or change of the segment.")
public record SegmentStatistics(
        @NonNull @Description("The evaluation instant the figures are at: the window ends here.") Instant asOf,
        @NonNull @Description("When the figures were recorded.") Instant recordedAt,
        @Description("The members then (Segment.size is now).") int size,
        @Description("size over all the shop's customers then, from 0 to 1; null when the shop had none.")
        Double customerShare,
        @Description("The members' orders in the window.") long ordersInWindow,
        @Description("ordersInWindow over all orders in the window, from 0 to 1; null when there were none.")
        Double orderShare,
        @NonNull @Description("The members' spend in the window: their order totals, after discounts, without "
                + "cancelled orders.") BigDecimal revenueInWindow,
        @Description("revenueInWindow over all spend in the window, from 0 to 1; null when there was none.")
        Double revenueShare,
        @Description("revenueInWindow / ordersInWindow, rounded half up to 2 decimals; null without orders.")
        BigDecimal averageOrderValue,
        @Description("revenueInWindow / size, rounded half up to 2 decimals; null for an empty segment.")
        BigDecimal revenuePerCustomer,
        @Description("The whole shop's average order value in the window, to compare with; null without orders.")
        BigDecimal shopAverageOrderValue) {
}
