package com.clientele.segment;

import com.clientele.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time-based changes on the minute, with the service's clock moved by the test (era 1901, before every
 * other test's data): one second before each boundary nothing has changed, one second after it the pass
 * has recorded the change at the boundary itself. Defaults of SEGMENTS.md: newCustomerDays and recentDays
 * 30, lapsedAfterDays 90, lostAfterDays 365; ACTIVE_BROWSER and CART_ABANDONER count 30 days.
 */
@QuarkusTest
class DueChangesTest extends MovingClock {

    private static final Instant ORDER = Instant.parse("1901-01-01T00:00:00Z");
    private static final double TEN_MINUTES = 10.0 / 1440;

    /**
     * ann: one order at ORDER. bob: two visits, at ORDER + 1 h and + 2 h, no order (ACTIVE_BROWSER until the
     * first leaves the last 30 days). cem: a visit with a cart at ORDER + 3 h, no order (CART_ABANDONER for 30 days).
     */
    @Test
    void timeBasedMembershipsChangeAtTheirBoundaryAndAreRecordedThere() {
        startAt(ORDER.plus(Duration.ofHours(12)));
        String seen = "1900-06-01T00:00:00Z";
        Shop shop = new Shop(ORDER.toString()).customer("ann", "firstSeenAt", seen).customer("bob", "firstSeenAt", seen)
                .customer("cem", "firstSeenAt", seen)
                .order("ann", 0, "10")
                .visit("bob", "v1", -1.0 / 24).visit("bob", "v2", -2.0 / 24)
                .visit("cem", "v3", -3.0 / 24, "addedToCart", true)
                .save();
        assertTrue(shop.segments("ann").containsAll(List.of("NEW", "RECENT_BUYER")), shop.segments("ann").toString());
        assertTrue(shop.segments("bob").contains("ACTIVE_BROWSER"), shop.segments("bob").toString());
        assertTrue(shop.segments("cem").contains("CART_ABANDONER"), shop.segments("cem").toString());

        Instant thirtyDays = ORDER.plus(Duration.ofDays(30));
        crossing(thirtyDays);
        assertFalse(shop.segments("ann").contains("NEW"));
        assertFalse(shop.segments("ann").contains("RECENT_BUYER"));
        assertEquals("ONE_TIME", shop.lifecycle("ann"));
        assertEquals(thirtyDays.toString(), changedAt(shop, "ann", "NEW", false));
        assertEquals(thirtyDays.toString(), changedAt(shop, "ann", "RECENT_BUYER", false));
        assertEquals(thirtyDays.toString(), changedAt(shop, "ann", "ONE_TIME", true));

        Instant bobsFirstVisitLeaves = thirtyDays.plus(Duration.ofHours(1));
        crossing(bobsFirstVisitLeaves);
        assertFalse(shop.segments("bob").contains("ACTIVE_BROWSER"));
        assertEquals(bobsFirstVisitLeaves.toString(), changedAt(shop, "bob", "ACTIVE_BROWSER", false));

        Instant cartForgotten = thirtyDays.plus(Duration.ofHours(3));
        crossing(cartForgotten);
        assertFalse(shop.segments("cem").contains("CART_ABANDONER"));
        assertEquals(cartForgotten.toString(), changedAt(shop, "cem", "CART_ABANDONER", false));

        Instant lapses = ORDER.plus(Duration.ofDays(90));
        crossing(lapses);
        assertEquals("LAPSED", shop.lifecycle("ann"));
        assertEquals(lapses.toString(), changedAt(shop, "ann", "LAPSED", true));

        Instant lost = ORDER.plus(Duration.ofDays(365));
        crossing(lost);
        assertEquals("LOST", shop.lifecycle("ann"));
        assertEquals(lost.toString(), changedAt(shop, "ann", "LOST", true));
    }

    /**
     * Era 1902. Custom rules with time conditions: ann's order at 1902-01-01 keeps her in "recent" (an order in the
     * last 10 days) until 1902-01-11 and brings her into "quiet" (5 whole days since it) on 1902-01-06; her visit
     * with a cart add at the same instant keeps her in "visited" (a visit in the last 7 days) until 1902-01-08 and
     * brings her into "cartless" (3 whole days since a cart add) on 1902-01-04; dora, born 1901-03-10, enters "one"
     * (age 1) on her birthday. Each at that instant, though the segments were created after the data (their
     * instants are scheduled for everyone at creation).
     */
    @Test
    void customRulesWithTimeConditionsChangeAtTheirBoundaryToo() {
        Instant order = Instant.parse("1902-01-01T00:00:00Z");
        startAt(order.plus(Duration.ofHours(12)));
        String seen = "1901-01-01T00:00:00Z";
        Shop shop = new Shop(order.toString()).customer("ann", "firstSeenAt", seen)
                .customer("dora", "firstSeenAt", seen, "birthDate", "1901-03-10").order("ann", 0, "10")
                .visit("ann", "v1", 0, "addedToCart", true).save();
        String scope = "externalId starts with '" + shop.id("") + "'";
        String prefix = shop.id("").toLowerCase().replaceAll("[^a-z0-9]+", "-");
        List<String> keys = List.of(prefix + "recent", prefix + "quiet", prefix + "one", prefix + "visited",
                prefix + "cartless");
        create(keys.get(0), scope + " and orders(in last 10 days) >= 1");
        create(keys.get(1), scope + " and daysSinceLastOrder >= 5");
        create(keys.get(2), scope + " and age >= 1");
        create(keys.get(3), scope + " and visits(in last 7 days) >= 1");
        create(keys.get(4), scope + " and daysSinceLastCartAdd >= 3");
        try {
            assertTrue(shop.segments("ann").contains(keys.get(0)));
            assertTrue(shop.segments("ann").contains(keys.get(3)));
            assertFalse(shop.segments("ann").contains(keys.get(4)));
            Instant cartless = order.plus(Duration.ofDays(3));
            crossing(cartless);
            assertTrue(shop.segments("ann").contains(keys.get(4)));
            assertEquals(cartless.toString(), changedAt(shop, "ann", keys.get(4), true));
            Instant quiet = order.plus(Duration.ofDays(5));
            crossing(quiet);
            assertTrue(shop.segments("ann").contains(keys.get(1)));
            assertEquals(quiet.toString(), changedAt(shop, "ann", keys.get(1), true));
            Instant unvisited = order.plus(Duration.ofDays(7));
            crossing(unvisited);
            assertFalse(shop.segments("ann").contains(keys.get(3)));
            assertEquals(unvisited.toString(), changedAt(shop, "ann", keys.get(3), false));
            Instant notRecent = order.plus(Duration.ofDays(10));
            crossing(notRecent);
            assertFalse(shop.segments("ann").contains(keys.get(0)));
            assertEquals(notRecent.toString(), changedAt(shop, "ann", keys.get(0), false));
            Instant birthday = Instant.parse("1902-03-10T00:00:00Z");
            assertFalse(shop.segments("dora").contains(keys.get(2)));
            crossing(birthday);
            assertTrue(shop.segments("dora").contains(keys.get(2)));
            assertEquals(birthday.toString(), changedAt(shop, "dora", keys.get(2), true));
        } finally {
            for (String key : keys) {
                graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
            }
        }
    }

    /**
     * Era 1903, a window-based behaviour segment: dora has no order and three visits in window, two of them
     * from the mobile app (2/3 >= mobileShare 0.6): MOBILE_SHOPPER. When the oldest leaves the 365-day window,
     * one of two remains (1/2): she leaves, at that instant.
     */
    @Test
    void aVisitLeavingTheWindowEndsMobileShopperThere() {
        Instant now = Instant.parse("1903-12-01T00:00:00Z");
        startAt(now);
        Shop shop = new Shop(now.toString()).customer("dora", "firstSeenAt", "1902-01-01T00:00:00Z")
                .visit("dora", "v1", 300, "device", "MOBILE_APP").visit("dora", "v2", 10, "device", "MOBILE_APP")
                .visit("dora", "v3", 5, "device", "DESKTOP").save();
        assertTrue(shop.segments("dora").contains("MOBILE_SHOPPER"), shop.segments("dora").toString());
        Instant leaves = now.minus(Duration.ofDays(300)).plus(Duration.ofDays(365));
        crossing(leaves);
        assertFalse(shop.segments("dora").contains("MOBILE_SHOPPER"));
        assertEquals(leaves.toString(), changedAt(shop, "dora", "MOBILE_SHOPPER", false));
    }

    /**
     * Era 1905-1906, the window-based rules of SEGMENTS.md, each held by one customer whose oldest order, 300 days
     * before the start, tips it. That order leaves the 365-day window 65 days after the start; every other order is
     * 10 days old at the start, so nobody lapses meanwhile. Worked by hand, at the start and after the boundary:
     * <ul>
     * <li>dis: 3 orders, 2 discounted (2/3 >= 0.6; REGULAR by n365 = 3), then 1 of 2 (0.5) and n365 = 2: it leaves
     * DISCOUNT_DRIVEN and turns OCCASIONAL;</li>
     * <li>bulk: 2 orders with a line of 10 units (WHOLESALE), then 1;</li>
     * <li>focus: 3 orders of shoes (CATEGORY_FOCUSED), then 2 orders;</li>
     * <li>irr: the old order and 3 at one instant, gaps 290, 0, 0 days (cv 1.41, IRREGULAR), then gaps 0, 0 (mean 0);</li>
     * <li>imp: 2 orders each 10 minutes after its visit began, no other visit within 7 days before (IMPULSIVE), then 1;</li>
     * <li>cmp: 2 orders each after 3 visits in the 14 days before (PRICE_COMPARER), then 1 order;</li>
     * <li>soc: 2 orders from SOCIAL (SOCIAL_SHOPPER), then 1;</li>
     * <li>mob: 2 orders from MOBILE_APP and no visit (MOBILE_SHOPPER by orders), then 1 order and no visit;</li>
     * <li>big: an order of 5000 and one of 10, the stored threshold set to 1000 (BIG_SPENDER), then 10 alone.</li>
     * </ul>
     * loy: the old order, one 100 days and four 10 days before the start: n365 = 6 in quarters 4, 2 and 1 (LOYAL).
     * 364 days after the old order it leaves the last quarter, two quarters remain: REGULAR, a day before the
     * window boundary.
     */
    @Test
    void windowBasedRulesChangeWhenTheirOldestOrderLeaves() {
        Instant start = Instant.parse("1906-01-01T00:00:00Z");
        startAt(start);
        BigDecimal threshold = bigSpenderThreshold(new BigDecimal("1000"));
        try {
            Shop shop = new Shop(start.toString());
            for (String name : List.of("dis", "bulk", "focus", "irr", "imp", "cmp", "soc", "mob", "big", "loy")) {
                shop.customer(name, "firstSeenAt", "1904-01-01T00:00:00Z");
            }
            shop.order("dis", 300, "10", "discount", "1").order("dis", 10, "10", "couponCode", "X").order("dis", 10, "10")
                    .orderWithLines("bulk", 300, List.of(Shop.line("b", 10, "1"))).orderWithLines("bulk", 10, List.of(Shop.line("b", 10, "1")))
                    .orderWithLines("focus", 300, List.of(Shop.line("s", 1, "10", "category", "shoes")))
                    .orderWithLines("focus", 10, List.of(Shop.line("s", 1, "10", "category", "shoes")))
                    .orderWithLines("focus", 10, List.of(Shop.line("s", 1, "10", "category", "shoes")))
                    .order("irr", 300, "10").order("irr", 10, "10").order("irr", 10, "10").order("irr", 10, "10")
                    .visit("imp", "iv1", 300 + TEN_MINUTES).order("imp", 300, "10", "visitExternalId", "iv1")
                    .visit("imp", "iv2", 10 + TEN_MINUTES).order("imp", 10, "10", "visitExternalId", "iv2")
                    .order("soc", 300, "10", "source", "SOCIAL").order("soc", 10, "10", "source", "SOCIAL")
                    .order("mob", 300, "10", "device", "MOBILE_APP").order("mob", 10, "10", "device", "MOBILE_APP")
                    .order("big", 300, "5000").order("big", 10, "10")
                    .order("loy", 300, "10").order("loy", 100, "10");
            for (int day = 1; day <= 3; day++) {
                shop.visit("cmp", "cv" + day, 300 + day).visit("cmp", "cw" + day, 10 + day);
                shop.order("loy", 10, "10");
            }
            shop.order("loy", 10, "10").order("cmp", 300, "10").order("cmp", 10, "10").save();
            Map<String, String> tipped = Map.of("dis", "DISCOUNT_DRIVEN", "bulk", "WHOLESALE", "focus", "CATEGORY_FOCUSED",
                    "irr", "IRREGULAR", "imp", "IMPULSIVE", "cmp", "PRICE_COMPARER", "soc", "SOCIAL_SHOPPER",
                    "mob", "MOBILE_SHOPPER", "big", "BIG_SPENDER");
            tipped.forEach((name, key) -> assertTrue(shop.segments(name).contains(key), name + ": " + shop.segments(name)));
            assertEquals("REGULAR", shop.lifecycle("dis"));
            assertEquals("LOYAL", shop.lifecycle("loy"));

            Instant lastQuarter = start.minus(Duration.ofDays(300)).plus(Duration.ofDays(364));
            crossing(lastQuarter);
            assertEquals("REGULAR", shop.lifecycle("loy"));
            assertEquals(lastQuarter.toString(), changedAt(shop, "loy", "REGULAR", true));

            Instant leaves = start.minus(Duration.ofDays(300)).plus(Duration.ofDays(365));
            crossing(leaves);
            tipped.forEach((name, key) -> {
                assertFalse(shop.segments(name).contains(key), name + ": " + shop.segments(name));
                assertEquals(leaves.toString(), changedAt(shop, name, key, false), name + " leaving " + key);
            });
            assertEquals("OCCASIONAL", shop.lifecycle("dis"));
            assertEquals(leaves.toString(), changedAt(shop, "dis", "OCCASIONAL", true));
        } finally {
            bigSpenderThreshold(threshold);
        }
    }

    /**
     * Era 1908-1909: dora, born on 29 February 1908, is 1 on 1 March 1909 (the first day on which a whole year has
     * passed, as PostgreSQL's age() and java.time's Period agree), not on 28 February.
     */
    @Test
    void aLeapDayBirthdayCountsFromTheFirstOfMarch() {
        Instant now = Instant.parse("1908-12-01T00:00:00Z");
        startAt(now);
        Shop shop = new Shop(now.toString()).customer("dora", "firstSeenAt", "1908-03-01T00:00:00Z", "birthDate", "1908-02-29")
                .save();
        String key = shop.id("").toLowerCase().replaceAll("[^a-z0-9]+", "-") + "one";
        create(key, "externalId = '" + shop.id("dora") + "' and age >= 1");
        try {
            TestClock.set(Instant.parse("1909-02-28T12:00:00Z"));
            due.run().await().indefinitely();
            assertFalse(shop.segments("dora").contains(key));
            Instant firstOfMarch = Instant.parse("1909-03-01T00:00:00Z");
            crossing(firstOfMarch);
            assertTrue(shop.segments("dora").contains(key));
            assertEquals(firstOfMarch.toString(), changedAt(shop, "dora", key, true));
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    /** Sets the stored big-spender threshold (the percentile of the last full recompute); returns the one before. */
    private BigDecimal bigSpenderThreshold(BigDecimal value) {
        BigDecimal before = pool.query("select big_spender_total from segment_state").execute().await().indefinitely()
                .iterator().next().getBigDecimal(0);
        pool.preparedQuery("update segment_state set big_spender_total = $1").execute(Tuple.of(value))
                .await().indefinitely();
        return before;
    }

    private static void create(String key, String rule) {
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }",
                Map.of("s", Map.of("key", key, "name", key, "ruleText", rule))).body("errors", nullValue());
    }

    @Test
    void whileAnAsOfIsPinnedTimeStandsStill() {
        pool.query("update segment_state set pinned_as_of = '1901-06-01T00:00:00Z'").execute().await().indefinitely();
        TestClock.set(Instant.parse("1999-01-01T00:00:00Z"));
        assertEquals(0, due.run().await().indefinitely());
    }

    /** One second before the boundary the pass changes nothing there; one second after, it has. */
    private void crossing(Instant boundary) {
        TestClock.set(boundary.minusSeconds(1));
        due.run().await().indefinitely();
        long before = changesAt(boundary);
        TestClock.set(boundary.plusSeconds(1));
        assertTrue(due.run().await().indefinitely() > 0, "nobody was due at " + boundary);
        assertEquals(0, before, "changes recorded at " + boundary + " before it came");
        assertTrue(changesAt(boundary) > 0, "no change recorded at " + boundary);
    }

    private long changesAt(Instant at) {
        return pool.preparedQuery("select count(*) from membership_change where at = $1")
                .execute(Tuple.of(java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)))
                .await().indefinitely().iterator().next().getLong(0);
    }

    /** The instant of the customer's latest entry to (or exit from) the segment. */
    private static String changedAt(Shop shop, String customer, String key, boolean entered) {
        List<Map<String, Object>> changes = graphql("""
                query($e: String!) { customerByExternalId(externalId: $e) {
                  segmentHistory(first: 100) { edges { node { key entered at } } } } }""", Map.of("e", shop.id(customer)))
                .body("errors", nullValue()).extract().path("data.customerByExternalId.segmentHistory.edges.node");
        return changes.stream().filter(c -> c.get("key").equals(key) && c.get("entered").equals(entered))
                .map(c -> (String) c.get("at")).findFirst().orElse("none");
    }
}
