package com.clientele.segment.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in segments of SEGMENTS.md written in the rule language over the metrics, with the values of
 * the current settings in them: what {@code Segment.rule} shows and what explanations evaluate. The engine
 * computes the built-ins with its own SQL (R__segment_engine.sql, clientele_builtin_candidates) comparing
 * the same metrics the same way; a property test holds each rule here to the engine's memberships.
 */
final class BuiltInRules {

    /** The lifecycle stages in their first-match order, each with its own condition. */
    static final List<String> LIFECYCLE = List.of("PROSPECT", "NEW", "LOST", "LAPSED", "ONE_TIME", "LOYAL", "REGULAR",
            "OCCASIONAL");
    static final List<String> RFM_GROUPS = List.of("CHAMPION", "LOYAL_CUSTOMER", "POTENTIAL_LOYALIST", "RECENT",
            "PROMISING", "NEEDS_ATTENTION", "ABOUT_TO_SLEEP", "AT_RISK", "CANNOT_LOSE", "HIBERNATING", "LOST_CAUSE");

    private BuiltInRules() {
    }

    /**
     * The rule text of every built-in that the language can express, by key.
     *
     * @param settings          the segment settings by name (segment_setting)
     * @param bigSpenderTotal   the threshold BIG_SPENDER uses now (the setting, or the percentile the last
     *                          full recompute found); null when there is none, and BIG_SPENDER then has no rule
     */
    static Map<String, String> texts(Map<String, BigDecimal> settings, BigDecimal bigSpenderTotal) {
        Map<String, String> rules = new LinkedHashMap<>();
        lifecycle(settings, rules);
        RFM_GROUPS.forEach(group -> rules.put(group, "rfm.group = '" + group + "'"));
        rules.put("RECENT_BUYER", "daysSinceLastOrder < " + n(settings, "recentDays"));
        if (bigSpenderTotal != null) {
            rules.put("BIG_SPENDER", "largestOrderTotal >= " + number(bigSpenderTotal));
        }
        rules.put("WHOLESALE", "kind = 'BUSINESS' or bulkOrdersInWindow >= 2");
        rules.put("DISCOUNT_DRIVEN", "ordersInWindow >= 2 and discountedOrderShare >= " + n(settings, "discountShare"));
        rules.put("IMPULSIVE", "ordersInWindow >= 2 and quickOrderShare >= " + n(settings, "impulseShare"));
        rules.put("CATEGORY_FOCUSED", "ordersInWindow >= 3 and topCategoryShare >= " + n(settings, "focusShare"));
        rules.put("IRREGULAR", "ordersInWindow >= 3 and interPurchaseGapCv >= " + n(settings, "irregularCv"));
        rules.put("PRICE_COMPARER", "ordersInWindow >= 2 and researchVisitsPerOrder >= " + n(settings, "researchVisits"));
        String mobile = n(settings, "mobileShare");
        rules.put("MOBILE_SHOPPER", "(ordersInWindow >= 2 and mobileOrderShare >= " + mobile + ") or (ordersInWindow < 2 "
                + "and visitsInWindow >= 2 and mobileVisitShare >= " + mobile + ")");
        rules.put("SOCIAL_SHOPPER", "acquisitionSource = 'SOCIAL' or (ordersInWindow >= 2 and socialOrderShare >= 0.5)");
        rules.put("ACTIVE_BROWSER", "orderCount = 0 and visitsLast30Days >= 2");
        rules.put("CART_ABANDONER", "daysSinceLastCartAdd < 30 and ordersAfterLastCartAdd = 0");
        rules.put("BUSINESS", "kind = 'BUSINESS'");
        rules.put("GUEST", "registered = false");
        return rules;
    }

    /** Stage k of the lifecycle: none of the stages before it holds, and its own condition does. */
    private static void lifecycle(Map<String, BigDecimal> settings, Map<String, String> rules) {
        List<String> own = List.of(
                "orderCount = 0",
                "daysSinceFirstOrder < " + n(settings, "newCustomerDays"),
                "daysSinceLastOrder >= " + n(settings, "lostAfterDays"),
                "daysSinceLastOrder >= " + n(settings, "lapsedAfterDays"),
                "orderCount = 1",
                "ordersLast365Days >= " + n(settings, "loyalMinOrders") + " and activeQuartersInLast4 >= 3",
                "ordersLast365Days >= " + n(settings, "regularMinOrders"));
        for (int stage = 0; stage < LIFECYCLE.size(); stage++) {
            List<String> parts = new ArrayList<>();
            for (int before = 0; before < Math.min(stage, own.size()); before++) {
                parts.add("not (" + own.get(before) + ")");
            }
            if (stage < own.size()) {
                parts.add("(" + own.get(stage) + ")");
            }
            rules.put(LIFECYCLE.get(stage), String.join(" and ", parts));
        }
    }

    private static String n(Map<String, BigDecimal> settings, String name) {
        return number(settings.get(name));
    }

    private static String number(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
