package com.clientele.segment;

import org.eclipse.microprofile.graphql.Description;

import java.math.BigDecimal;
import java.util.Map;

/** Every {@code name = value} of SEGMENTS.md, under that name. */
@Description("The settings of the built-in segments (SEGMENTS.md); days are whole days, shares lie in 0..1.")
public record SegmentSettings(
        int window, int rfmWindow, int newCustomerDays, int lostAfterDays, int lapsedAfterDays,
        int loyalMinOrders, int regularMinOrders, int recentDays,
        @Description("Null: the 90th percentile of order totals in window.") BigDecimal bigSpenderOrderTotal,
        int bulkLineQuantity, int bulkOrderUnits, double discountShare, double impulseShare, int impulseMinutes,
        double focusShare, double irregularCv, double researchVisits, double mobileShare) {

    static SegmentSettings of(Map<String, BigDecimal> v) {
        return new SegmentSettings(i(v, "window"), i(v, "rfmWindow"), i(v, "newCustomerDays"), i(v, "lostAfterDays"),
                i(v, "lapsedAfterDays"), i(v, "loyalMinOrders"), i(v, "regularMinOrders"), i(v, "recentDays"),
                v.get("bigSpenderOrderTotal"), i(v, "bulkLineQuantity"), i(v, "bulkOrderUnits"), d(v, "discountShare"),
                d(v, "impulseShare"), i(v, "impulseMinutes"), d(v, "focusShare"), d(v, "irregularCv"),
                d(v, "researchVisits"), d(v, "mobileShare"));
    }

    private static int i(Map<String, BigDecimal> v, String name) {
        return v.get(name).intValueExact();
    }

    private static double d(Map<String, BigDecimal> v, String name) {
        return v.get(name).doubleValue();
    }
}
