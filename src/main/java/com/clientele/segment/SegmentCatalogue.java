package com.clientele.segment;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The built-in segments of SEGMENTS.md sections 1 to 3; their rules live in clientele_refresh() (V2). */
public enum SegmentCatalogue {
    PROSPECT(SegmentFamily.LIFECYCLE, "Prospect", "Has not bought yet."),
    NEW(SegmentFamily.LIFECYCLE, "New", "First order within newCustomerDays."),
    LOST(SegmentFamily.LIFECYCLE, "Lost", "No order within lostAfterDays."),
    LAPSED(SegmentFamily.LIFECYCLE, "Lapsed", "No order within lapsedAfterDays: win back."),
    ONE_TIME(SegmentFamily.LIFECYCLE, "One-time", "One purchase, never returned."),
    LOYAL(SegmentFamily.LIFECYCLE, "Loyal", "At least loyalMinOrders orders in 365 days, active in 3 of the last 4 quarters."),
    REGULAR(SegmentFamily.LIFECYCLE, "Regular", "At least regularMinOrders orders in 365 days."),
    OCCASIONAL(SegmentFamily.LIFECYCLE, "Occasional", "Buys now and then."),

    CHAMPION(SegmentFamily.RFM, "Champion", "Bought recently, buys often and spends the most."),
    LOYAL_CUSTOMER(SegmentFamily.RFM, "Loyal customer", "Buys regularly with good value."),
    POTENTIAL_LOYALIST(SegmentFamily.RFM, "Potential loyalist", "Recent customer with average frequency."),
    RECENT(SegmentFamily.RFM, "Recent", "Bought very recently, rarely before."),
    PROMISING(SegmentFamily.RFM, "Promising", "Recent, not yet frequent."),
    NEEDS_ATTENTION(SegmentFamily.RFM, "Needs attention", "Average recency, frequency and value."),
    ABOUT_TO_SLEEP(SegmentFamily.RFM, "About to sleep", "Below-average recency and frequency."),
    AT_RISK(SegmentFamily.RFM, "At risk", "Used to buy often, not recently."),
    CANNOT_LOSE(SegmentFamily.RFM, "Cannot lose", "Made the biggest purchases, long ago."),
    HIBERNATING(SegmentFamily.RFM, "Hibernating", "Last purchase long ago, low frequency."),
    LOST_CAUSE(SegmentFamily.RFM, "Lost cause", "Lowest recency, frequency and value."),

    RECENT_BUYER(SegmentFamily.BEHAVIOUR, "Recent buyer", "An order within the last recentDays days."),
    BIG_SPENDER(SegmentFamily.BEHAVIOUR, "Big spender", "An order in window at or above bigSpenderOrderTotal (default: the 90th percentile of order totals)."),
    WHOLESALE(SegmentFamily.BEHAVIOUR, "Wholesale", "A business, or at least 2 bulk orders in window."),
    DISCOUNT_DRIVEN(SegmentFamily.BEHAVIOUR, "Discount-driven", "At least discountShare of 2+ orders in window discounted."),
    IMPULSIVE(SegmentFamily.BEHAVIOUR, "Impulsive", "At least impulseShare of 2+ orders in window placed within impulseMinutes of an unplanned visit."),
    CATEGORY_FOCUSED(SegmentFamily.BEHAVIOUR, "Category-focused", "At least focusShare of spend in window in one category (the detail)."),
    IRREGULAR(SegmentFamily.BEHAVIOUR, "Irregular", "Gaps between 3+ orders in window vary by at least irregularCv."),
    PRICE_COMPARER(SegmentFamily.BEHAVIOUR, "Price comparer", "On average researchVisits visits in the 14 days before each of 2+ orders."),
    MOBILE_SHOPPER(SegmentFamily.BEHAVIOUR, "Mobile shopper", "At least mobileShare of orders (or visits) from phones."),
    SOCIAL_SHOPPER(SegmentFamily.BEHAVIOUR, "Social shopper", "Acquired through social media, or half of 2+ orders from social."),
    ACTIVE_BROWSER(SegmentFamily.BEHAVIOUR, "Active browser", "No order yet, 2+ visits in the last 30 days."),
    CART_ABANDONER(SegmentFamily.BEHAVIOUR, "Cart abandoner", "Added to cart in the last 30 days without ordering since."),
    BUSINESS(SegmentFamily.BEHAVIOUR, "Business", "A business customer."),
    GUEST(SegmentFamily.BEHAVIOUR, "Guest", "Not a registered account holder.");

    private static final Map<String, SegmentCatalogue> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    private final SegmentFamily family;
    private final String title;
    private final String description;

    SegmentCatalogue(SegmentFamily family, String title, String description) {
        this.family = family;
        this.title = title;
        this.description = description;
    }

    public static Optional<SegmentCatalogue> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    public static List<SegmentCatalogue> of(SegmentFamily family) {
        return Arrays.stream(values()).filter(s -> family == null || s.family == family).toList();
    }

    public SegmentFamily family() {
        return family;
    }

    public SegmentNode node() {
        return new SegmentNode(name(), title, family, description);
    }
}
