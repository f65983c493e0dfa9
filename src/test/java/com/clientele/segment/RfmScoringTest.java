package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * SEGMENTS.md section 2 on a population of five scored customers (era 2003), worked by hand:
 *
 * <pre>
 *            days since last  F (orders)  M (spend)   R  F  M  FM=round-half-up((F+M)/2)  group
 *   a              1              5          40       5  5  5   5                        CHAMPION
 *   b              5              3          30       3  4  4   4                        LOYAL_CUSTOMER
 *   c              5              2          20       3  3  2   3 (2.5 rounds up)         NEEDS_ATTENTION
 *   d            100              1          20       2  1  2   2 (1.5 rounds up)         HIBERNATING
 *   e            400              1          10       1  1  1   1                        LOST_CAUSE
 * </pre>
 * F: values 1,1,2,3,5 (N = 5): 1 has 0 smaller: 1 + floor(5*0/5) = 1 (both, a tie); 2 has 2 smaller: 3;
 * 3 has 3: 4; 5 has 4: 5. M: 10,20,20,30,40: 10: 1; 20 (tie) has 1 smaller: 2; 30: 4; 40: 5.
 * R counts customers with strictly more days: 1 has 4: 5; 5 (tie) has 2: 3; 100 has 1: 2; 400 has 0: 1.
 * Customer f ordered only before the 730-day window: no RFM.
 */
@QuarkusTest
class RfmScoringTest extends Pins {


    @Test
    void scoresTiesAndGroupsFollowTheFormula() {
        Shop shop = fiveScoredCustomers("2003-01-01T00:00:00Z")
                .customer("f").order("f", 731, "10")
                .save().recompute();

        assertRfm(shop, "a", 5, 5, 5, "CHAMPION");
        assertRfm(shop, "b", 3, 4, 4, "LOYAL_CUSTOMER");
        assertRfm(shop, "c", 3, 3, 2, "NEEDS_ATTENTION");
        assertRfm(shop, "d", 2, 1, 2, "HIBERNATING");
        assertRfm(shop, "e", 1, 1, 1, "LOST_CAUSE");
        assertNull(shop.customerField("f", "rfm { group }").get("rfm"));
    }

    /**
     * Between full runs a changed customer is scored against the cut-points of the last full run
     * (era 1990, same five customers). Cut-points, smallest value with at least k*N/5 below it:
     * F 1,1,2,3,5 gives [2,2,3,5]; M 10,20,20,30,40 gives [20,30,30,40]; R as -days -400,-100,-5,-5,-1
     * gives [-100,-5,-1,-1]. A new order for e (0 days ago, 10): F 2 reaches 2 cuts: 3; M 20 reaches 1: 2;
     * R 0 reaches all: 5; FM round-half-up(2.5) = 3: LOYAL_CUSTOMER. Nobody else moves. The next full
     * run scores the new population: e R5 F2 M1 (POTENTIAL_LOYALIST), a R4 F5 M5 (CHAMPION).
     */
    @Test
    void betweenFullRunsAChangedCustomerIsScoredAgainstTheLastCutPoints() {
        Shop shop = fiveScoredCustomers("1990-01-01T00:00:00Z").save().recompute();

        com.clientele.GraphQLClient.graphql("mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }",
                Map.of("p", java.util.List.of(Map.of("externalId", shop.id("late"), "customerExternalId", shop.id("e"),
                        "orderedAt", shop.ago(0.5), "currency", "EUR",
                        "lines", java.util.List.of(Map.of("sku", "x", "quantity", 1, "unitPrice", "10"))))))
                .body("errors", org.hamcrest.Matchers.nullValue());
        assertRfm(shop, "e", 5, 3, 2, "LOYAL_CUSTOMER");
        assertRfm(shop, "a", 5, 5, 5, "CHAMPION");
        assertRfm(shop, "d", 2, 1, 2, "HIBERNATING");

        shop.recompute();
        assertRfm(shop, "e", 5, 2, 1, "POTENTIAL_LOYALIST");
        assertRfm(shop, "a", 4, 5, 5, "CHAMPION");
    }

    /** The population of the class comment, in an era of its own. */
    private static Shop fiveScoredCustomers(String asOf) {
        return new Shop(asOf)
                .customer("a").order("a", 1, "8").order("a", 50, "8").order("a", 100, "8").order("a", 150, "8")
                .order("a", 200, "8")
                .customer("b").order("b", 5, "10").order("b", 60, "10").order("b", 90, "10")
                .customer("c").order("c", 5.5, "10").order("c", 300, "10")
                .customer("d").order("d", 100, "20")
                .customer("e").order("e", 400, "10");
    }

    @SuppressWarnings("unchecked")
    private static void assertRfm(Shop shop, String name, int r, int f, int m, String group) {
        Map<String, Object> rfm = (Map<String, Object>) shop.customerField(name, "rfm { recency frequency monetary group }").get("rfm");
        assertEquals(Map.of("recency", r, "frequency", f, "monetary", m, "group", group), rfm, name);
        org.junit.jupiter.api.Assertions.assertTrue(shop.segments(name).contains(group), name);
    }
}
