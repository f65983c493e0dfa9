package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.segment.Shop.line;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The meaning of rules, worked out by hand for two customers of a shop pinned at 1954-06-01T00:00:00Z,
 * each rule checked twice: by the SQL that selects members (previewSegment) and by the in-memory
 * evaluator (explainSegment). Every operator on every type, unset values, attributes typed per customer,
 * and the edges of "in last N days": (asOf - N days, asOf].
 * <ul>
 *   <li>zoe: NL, name "Zoë Ünal-50%_x", born 1920-06-01 (34 on the day), attributes tier "Gold" and points 12.5,
 *       orders: exactly 30 days before asOf (250, category shoes, mobile app), 30 days minus a second
 *       (100, books), at asOf itself (40, shoes, coupon), one after asOf (1000) and one cancelled (500);
 *       visits: one at asOf minus 7 days exactly, one with a cart 2 days before.</li>
 *   <li>ray: nothing but an external id: every optional field unset, no order, no visit.</li>
 * </ul>
 */
@QuarkusTest
class RuleSemanticsTest extends Pins {

    private static final String AS_OF = "1954-06-01T00:00:00Z";

    @Test
    void everyOperatorOnEveryTypeMeansWhatTheLanguageSays() {
        Shop shop = new Shop(AS_OF)
                .customer("zoe", "country", "NL", "name", "Zoë Ünal-50%_x", "birthDate", "1920-06-01",
                        "attributes", List.of(Map.of("key", "tier", "text", "Gold"), Map.of("key", "points", "number", "12.5")))
                .customer("ray")
                .orderWithLines("zoe", 30, List.of(line("a", 1, "250", "category", "shoes")), "device", "MOBILE_APP")
                .orderWithLines("zoe", 30 - 1.0 / 86_400, List.of(line("b", 2, "50", "category", "books")))
                .orderWithLines("zoe", 0, List.of(line("c", 1, "40", "category", "shoes")), "couponCode", "C")
                .orderWithLines("zoe", -1, List.of(line("d", 1, "1000", "category", "shoes")))
                .visit("zoe", "v1", 7).visit("zoe", "v2", 2, "addedToCart", true)
                .save();
        shop.order("zoe", 5, "500").save();
        graphql("mutation($e: String!) { cancelPurchase(externalId: $e) { id } }", Map.of("e", shop.id("p5")))
                .body("errors", nullValue());
        shop.recompute(); // pins asOf: the order a day after it exists in the data but not at the instant

        // rule -> expected for zoe, expected for ray
        List<Object[]> cases = List.of(
                new Object[] {"orders() = 3", true, false},                      // not the later one, not the cancelled
                new Object[] {"orders(in last 30 days) = 2", true, false},       // exactly 30 days before is outside
                new Object[] {"orders(in last 31 days) = 3", true, false},
                new Object[] {"orders(in last 1 days) = 1", true, false},        // asOf itself is inside
                new Object[] {"spend(in last 30 days) = 140", true, false},
                new Object[] {"spend(category = 'shoes') = 290", true, false},   // cancelled and later ones never count
                new Object[] {"spend(category in ('books', 'shoes'), in last 30 days) = 140", true, false},
                new Object[] {"units(category = 'books') = 2", true, false},
                new Object[] {"orders(discounted = true) = 1", true, false},
                new Object[] {"orders(device = 'MOBILE_APP') = 1", true, false},
                new Object[] {"orders(device = 'DESKTOP') = 0", true, true},   // an aggregate is never unset
                new Object[] {"visits(in last 7 days) = 1", true, false},        // exactly 7 days before is outside
                new Object[] {"visits(addedToCart = true) = 1", true, false},
                new Object[] {"totalSpend = 390", true, false},
                new Object[] {"totalSpend between 390 and 390", true, false},
                new Object[] {"totalSpend != 390", false, true},                 // ray has 0 spend: set, not 390
                new Object[] {"daysSinceLastOrder = 0", true, false},            // ray: unset, so false
                new Object[] {"not daysSinceLastOrder = 0", false, true},        // two-valued: not of false is true
                new Object[] {"daysSinceLastOrder != 0", false, false},          // unset is never compared
                new Object[] {"daysSinceLastOrder is set", true, false},
                new Object[] {"daysSinceLastOrder is not set", false, true},
                new Object[] {"age = 34", true, false},
                new Object[] {"birthDate < '1920-06-02'", true, false},
                new Object[] {"lastOrderAt = '1954-06-01'", true, false},        // a date is midnight UTC
                new Object[] {"lastOrderAt >= '1954-06-01T00:00:00Z'", true, false},
                new Object[] {"country in ('BE', 'NL')", true, false},
                new Object[] {"country not in ('BE', 'DE')", true, false},       // unset: not in is false too
                new Object[] {"name contains 'ünal'", true, false},              // Unicode lower-casing
                new Object[] {"name contains '50%_'", true, false},              // % and _ are literal
                new Object[] {"name contains '50%%'", false, false},
                new Object[] {"name starts with 'ZOË'", true, false},
                new Object[] {"name ends with '_X'", true, false},
                new Object[] {"name > 'Zz'", false, false},                      // code points: 'o' < 'z'
                new Object[] {"name > 'Z'", true, false},
                new Object[] {"registered = true", true, true},
                new Object[] {"kind = 'CONSUMER' and gender is not set", true, true},
                new Object[] {"attributes.tier = 'Gold'", true, false},
                new Object[] {"attributes.tier = 'gold'", false, false},         // equality is exact
                new Object[] {"attributes.tier contains 'GOL'", true, false},
                new Object[] {"attributes.points > 12", true, false},
                new Object[] {"attributes.points = 12.50", true, false},         // numbers equal by value
                new Object[] {"attributes.points = '12.5'", false, false},       // another type: false, no error
                new Object[] {"attributes.points in (12.5, 'x')", true, false},
                new Object[] {"attributes.tier is set and attributes.nothing is not set", true, false},
                new Object[] {"lifecycle = 'REGULAR'", true, false},             // first order 30 days ago: not NEW
                new Object[] {"lifecycle = 'PROSPECT'", false, true},
                new Object[] {"inSegment('PROSPECT') or inSegment('RECENT_BUYER')", true, true},
                new Object[] {"not (orders() >= 1 or visits() >= 1)", false, true});
        List<String> wrong = new ArrayList<>();
        for (Object[] c : cases) {
            for (int who = 0; who < 2; who++) {
                String customer = who == 0 ? "zoe" : "ray";
                boolean expected = (Boolean) c[who + 1];
                String scoped = "externalId = '" + shop.id(customer) + "' and (" + c[0] + ")";
                Integer count = graphql("query($t: String!) { previewSegment(ruleText: $t, sample: 0) { count } }",
                        Map.of("t", scoped)).body("errors", nullValue()).extract().path("data.previewSegment.count");
                Boolean matched = graphql("query($c: String!, $t: String!) { explainSegment(customerExternalId: $c, "
                        + "ruleText: $t) { matched } }", Map.of("c", shop.id(customer), "t", c[0]))
                        .body("errors", nullValue()).extract().path("data.explainSegment.matched");
                if ((count == 1) != expected || matched != expected) {
                    wrong.add(customer + ": " + c[0] + " expected " + expected + ", SQL " + (count == 1) + ", evaluator " + matched);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
