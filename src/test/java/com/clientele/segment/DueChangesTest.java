package com.clientele.segment;

import com.clientele.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

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
     * last 10 days) until 1902-01-11 and brings her into "quiet" (5 whole days since it) on 1902-01-06; dora, born
     * 1901-03-10, enters "one" (age 1) on her birthday. Each at that instant, though the segments were created
     * after the data (their instants are scheduled for everyone at creation).
     */
    @Test
    void customRulesWithTimeConditionsChangeAtTheirBoundaryToo() {
        Instant order = Instant.parse("1902-01-01T00:00:00Z");
        startAt(order.plus(Duration.ofHours(12)));
        String seen = "1901-01-01T00:00:00Z";
        Shop shop = new Shop(order.toString()).customer("ann", "firstSeenAt", seen)
                .customer("dora", "firstSeenAt", seen, "birthDate", "1901-03-10").order("ann", 0, "10").save();
        String scope = "externalId starts with '" + shop.id("") + "'";
        String prefix = shop.id("").toLowerCase().replaceAll("[^a-z0-9]+", "-");
        List<String> keys = List.of(prefix + "recent", prefix + "quiet", prefix + "one");
        create(keys.get(0), scope + " and orders(in last 10 days) >= 1");
        create(keys.get(1), scope + " and daysSinceLastOrder >= 5");
        create(keys.get(2), scope + " and age >= 1");
        try {
            assertTrue(shop.segments("ann").contains(keys.get(0)));
            Instant quiet = order.plus(Duration.ofDays(5));
            crossing(quiet);
            assertTrue(shop.segments("ann").contains(keys.get(1)));
            assertEquals(quiet.toString(), changedAt(shop, "ann", keys.get(1), true));
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
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)))
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
