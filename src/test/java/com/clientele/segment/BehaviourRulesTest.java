package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.segment.Shop.line;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.nullValue;

/** SEGMENTS.md section 3: each rule just met and just missed (era 2006, and 2012 for the percentile). */
@QuarkusTest
class BehaviourRulesTest extends Pins {

    private static final double TEN_MINUTES = 10.0 / 1440;

    @AfterEach
    void clearBigSpenderSetting() {
        graphql("mutation { updateSegmentSettings(settings: {clearBigSpenderOrderTotal: true}) { window } }")
                .body("errors", nullValue());
    }

    @Test
    void everyBehaviourRuleOnBothSidesOfItsThreshold() {
        Shop s = new Shop("2006-01-01T00:00:00Z");
        s.customer("recent").order("recent", 29.9, "10")
                .customer("notRecent").order("notRecent", 30, "10");
        s.customer("business", "kind", "BUSINESS")
                .customer("bulkLines").orderWithLines("bulkLines", 10, List.of(line("x", 10, "1")))
                .orderWithLines("bulkLines", 20, List.of(line("x", 10, "1")))
                .customer("oneBulk").orderWithLines("oneBulk", 10, List.of(line("x", 10, "1")))
                .orderWithLines("oneBulk", 20, List.of(line("x", 9, "1")))
                .customer("bulkUnits").orderWithLines("bulkUnits", 10, nineTimes(6))
                .orderWithLines("bulkUnits", 20, nineTimes(6))
                .customer("almostUnits").orderWithLines("almostUnits", 10, withFour(nineTimes(5)))
                .orderWithLines("almostUnits", 20, withFour(nineTimes(5)));
        s.customer("discounts").order("discounts", 10, "10", "discount", "1").order("discounts", 20, "10", "couponCode", "X")
                .orderWithLines("discounts", 30, List.of(line("x", 1, "10", "onPromotion", true)))
                .order("discounts", 40, "10").order("discounts", 50, "10")
                .customer("fewDiscounts").order("fewDiscounts", 10, "10", "discount", "1")
                .order("fewDiscounts", 20, "10", "couponCode", "X").order("fewDiscounts", 30, "10")
                .order("fewDiscounts", 40, "10").order("fewDiscounts", 50, "10")
                .customer("oneDiscounted").order("oneDiscounted", 10, "10", "discount", "1");
        s.customer("impulsive")
                .visit("impulsive", "iv1", 20).order("impulsive", 20 - TEN_MINUTES, "10", "visitExternalId", "iv1")
                .visit("impulsive", "iv2", 50).order("impulsive", 50 - TEN_MINUTES, "10", "visitExternalId", "iv2")
                .customer("planned")
                .visit("planned", "pv0", 23).visit("planned", "pv1", 20)
                .order("planned", 20 - TEN_MINUTES, "10", "visitExternalId", "pv1")
                .visit("planned", "pv2", 50).order("planned", 50 - 16.0 / 1440, "10", "visitExternalId", "pv2")
                .customer("halfQuick")
                .visit("halfQuick", "hv1", 20).order("halfQuick", 20 - 15.0 / 1440, "10", "visitExternalId", "hv1")
                .order("halfQuick", 60, "10");
        s.customer("focused").orderWithLines("focused", 10, List.of(line("a", 1, "40", "category", "shoes")))
                .orderWithLines("focused", 20, List.of(line("a", 1, "40", "category", "shoes")))
                .orderWithLines("focused", 30, List.of(line("b", 1, "20", "category", "bags")))
                .customer("unfocused").orderWithLines("unfocused", 10, List.of(line("a", 1, "79", "category", "shoes")))
                .orderWithLines("unfocused", 20, List.of(line("b", 1, "11", "category", "bags")))
                .orderWithLines("unfocused", 30, List.of(line("b", 1, "10", "category", "bags")))
                .customer("twoFocused").orderWithLines("twoFocused", 10, List.of(line("a", 1, "40", "category", "shoes")))
                .orderWithLines("twoFocused", 20, List.of(line("a", 1, "40", "category", "shoes")));
        s.customer("irregular").order("irregular", 100, "1").order("irregular", 99, "1").order("irregular", 98, "1")
                .order("irregular", 68, "1")
                .customer("rhythm").order("rhythm", 100, "1").order("rhythm", 90, "1").order("rhythm", 80, "1")
                .customer("almostIrregular").order("almostIrregular", 100, "1").order("almostIrregular", 99, "1")
                .order("almostIrregular", 69, "1");
        s.customer("comparer").visit("comparer", "c1", 21).visit("comparer", "c2", 25).visit("comparer", "c3", 34)
                .order("comparer", 20, "1")
                .visit("comparer", "c4", 51).visit("comparer", "c5", 55).visit("comparer", "c6", 60)
                .order("comparer", 50, "1")
                .customer("browsy").visit("browsy", "b1", 21).visit("browsy", "b2", 25).visit("browsy", "b3", 30)
                .order("browsy", 20, "1").visit("browsy", "b4", 51).visit("browsy", "b5", 55).order("browsy", 50, "1");
        s.customer("mobile");
        for (int i = 0; i < 5; i++) {
            s.order("mobile", 10 + i, "1", "device", i < 3 ? "MOBILE_APP" : "DESKTOP");
        }
        s.customer("desktop");
        for (int i = 0; i < 5; i++) {
            s.order("desktop", 10 + i, "1", "device", i < 2 ? "MOBILE_WEB" : "DESKTOP");
        }
        s.customer("mobileVisitor").order("mobileVisitor", 10, "1", "device", "DESKTOP")
                .visit("mobileVisitor", "m1", 5, "device", "MOBILE_WEB").visit("mobileVisitor", "m2", 6, "device", "MOBILE_WEB")
                .customer("oneMobileVisit").order("oneMobileVisit", 10, "1", "device", "DESKTOP")
                .visit("oneMobileVisit", "m3", 5, "device", "MOBILE_WEB");
        s.customer("socialSource", "acquisitionSource", "SOCIAL")
                .customer("socialHalf").order("socialHalf", 10, "1", "source", "SOCIAL").order("socialHalf", 20, "1")
                .customer("socialThird").order("socialThird", 10, "1", "source", "SOCIAL").order("socialThird", 20, "1")
                .order("socialThird", 30, "1");
        s.customer("browser").visit("browser", "w1", 5).visit("browser", "w2", 10)
                .customer("oneVisit").visit("oneVisit", "w3", 5)
                .customer("oldVisits").visit("oldVisits", "w4", 30).visit("oldVisits", "w5", 40);
        s.customer("abandoner").visit("abandoner", "a1", 5, "addedToCart", true)
                .customer("converted").visit("converted", "a2", 5, "addedToCart", true).order("converted", 4, "1")
                .customer("oldCart").visit("oldCart", "a3", 30, "addedToCart", true);
        s.customer("guest", "registered", false).customer("bigOrder").order("bigOrder", 10, "100")
                .customer("smallOrder").order("smallOrder", 10, "99.99");
        s.save().recompute();
        graphql("mutation { updateSegmentSettings(settings: {bigSpenderOrderTotal: 100}) { bigSpenderOrderTotal } }")
                .body("errors", nullValue());

        List<Executable> checks = new ArrayList<>();
        in(checks, s, "RECENT_BUYER", "recent");
        out(checks, s, "RECENT_BUYER", "notRecent");
        in(checks, s, "WHOLESALE", "business", "bulkLines", "bulkUnits");
        in(checks, s, "BUSINESS", "business");
        out(checks, s, "WHOLESALE", "oneBulk", "almostUnits");
        in(checks, s, "DISCOUNT_DRIVEN", "discounts");
        out(checks, s, "DISCOUNT_DRIVEN", "fewDiscounts", "oneDiscounted");
        in(checks, s, "IMPULSIVE", "impulsive", "halfQuick");
        out(checks, s, "IMPULSIVE", "planned");
        in(checks, s, "CATEGORY_FOCUSED", "focused");
        out(checks, s, "CATEGORY_FOCUSED", "unfocused", "twoFocused");
        in(checks, s, "IRREGULAR", "irregular");
        out(checks, s, "IRREGULAR", "rhythm", "almostIrregular");
        in(checks, s, "PRICE_COMPARER", "comparer");
        out(checks, s, "PRICE_COMPARER", "browsy");
        in(checks, s, "MOBILE_SHOPPER", "mobile", "mobileVisitor");
        out(checks, s, "MOBILE_SHOPPER", "desktop", "oneMobileVisit");
        in(checks, s, "SOCIAL_SHOPPER", "socialSource", "socialHalf");
        out(checks, s, "SOCIAL_SHOPPER", "socialThird");
        in(checks, s, "ACTIVE_BROWSER", "browser");
        out(checks, s, "ACTIVE_BROWSER", "oneVisit", "oldVisits", "recent");
        in(checks, s, "CART_ABANDONER", "abandoner");
        out(checks, s, "CART_ABANDONER", "converted", "oldCart");
        in(checks, s, "GUEST", "guest");
        out(checks, s, "GUEST", "recent");
        in(checks, s, "BIG_SPENDER", "bigOrder");
        out(checks, s, "BIG_SPENDER", "smallOrder");
        checks.add(() -> assertEquals(List.of(Map.of("key", "CATEGORY_FOCUSED", "detail", "shoes")),
                ((List<?>) s.customerField("focused", "segments { key detail }").get("segments")).stream()
                        .filter(m -> "CATEGORY_FOCUSED".equals(((Map<?, ?>) m).get("key"))).toList()));
        assertAll(checks);
    }

    @Test
    void bigSpenderDefaultsToTheNinetiethPercentileNearestRank() {
        Shop s = new Shop("2012-01-01T00:00:00Z");
        for (int i = 1; i <= 10; i++) {
            s.customer("c" + i).order("c" + i, 10, String.valueOf(i));
        }
        s.save().recompute();
        // 10 totals 1..10: position ceil(0.9 * 10) = 9 holds 9, so orders of 9 and 10 qualify
        for (int i = 1; i <= 10; i++) {
            assertEquals(i >= 9, s.segments("c" + i).contains("BIG_SPENDER"), "c" + i);
        }
    }

    private static List<Map<String, Object>> nineTimes(int lines) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            list.add(line("x" + i, 9, "1"));
        }
        return list;
    }

    private static List<Map<String, Object>> withFour(List<Map<String, Object>> lines) {
        List<Map<String, Object>> list = new ArrayList<>(lines);
        list.add(line("four", 4, "1"));
        return list;
    }

    private static void in(List<Executable> checks, Shop s, String key, String... names) {
        for (String name : names) {
            checks.add(() -> assertTrue(s.segments(name).contains(key), name + " should be in " + key));
        }
    }

    private static void out(List<Executable> checks, Shop s, String key, String... names) {
        for (String name : names) {
            checks.add(() -> assertTrue(!s.segments(name).contains(key), name + " should not be in " + key));
        }
    }
}
