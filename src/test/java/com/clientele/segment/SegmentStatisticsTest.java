package com.clientele.segment;

import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.as;
import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Segment.statistics on a shop worked by hand (era 1930, window 365 days; nobody else orders in it, the
 * other test of this class orders in 1933):
 *
 * <pre>
 *   customer  orders in window        spend in window   spendInWindow >= 100
 *   a         100, 50                 150 (2 orders)    member
 *   b         300                     300 (1 order)     member
 *   c         20 (and 1000, 400 days  20  (1 order)     -
 *             ago: outside)
 *   d         none                    0                 -
 * </pre>
 * The segment: 2 members, 3 orders, revenue 450; average order value 450 / 3 = 150.00, per customer
 * 450 / 2 = 225.00. The shop: 4 orders, revenue 470, so revenueShare 450 / 470, orderShare 3 / 4, and the
 * shop's average order value 470 / 4 = 117.50. customerShare is 2 over every customer of the database,
 * which other tests share, so it is checked against the API's own count.
 */
@QuarkusTest
class SegmentStatisticsTest extends Pins {

    private static final String STATISTICS = """
            query($k: String!) { segment(key: $k) { size statistics { asOf recordedAt size customerShare ordersInWindow
              orderShare revenueInWindow revenueShare averageOrderValue revenuePerCustomer shopAverageOrderValue } } }""";

    @Test
    void aSegmentsShareOfTheShopAndItsAverages() {
        Shop shop = new Shop("1930-01-01T00:00:00Z")
                .customer("a").order("a", 10, "100").order("a", 200, "50")
                .customer("b").order("b", 30, "300")
                .customer("c").order("c", 5, "20").order("c", 400, "1000")
                .customer("d")
                .save();
        String key = unique("stats").toLowerCase();
        createSegment(key, "spendInWindow >= 100");
        try {
            shop.recompute();
            Map<String, Object> statistics = exact(graphql(STATISTICS, Map.of("k", key)).body("errors", nullValue()))
                    .getMap("data.segment.statistics");

            assertEquals("1930-01-01T00:00:00Z", statistics.get("asOf"));
            assertEquals(2, statistics.get("size"));
            assertEquals(3, statistics.get("ordersInWindow"));
            assertEquals(new BigDecimal("450.00"), statistics.get("revenueInWindow"));
            assertEquals(new BigDecimal("150.00"), statistics.get("averageOrderValue"));
            assertEquals(new BigDecimal("225.00"), statistics.get("revenuePerCustomer"));
            assertEquals(new BigDecimal("117.50"), statistics.get("shopAverageOrderValue"));
            assertEquals(450.0 / 470.0, number(statistics.get("revenueShare")), 1e-15);
            assertEquals(0.75, number(statistics.get("orderShare")), 1e-15);
            int customers = graphql("{ customers(first: 0) { totalCount } }").body("errors", nullValue())
                    .extract().path("data.customers.totalCount");
            assertEquals(2.0 / customers, number(statistics.get("customerShare")), 1e-15);
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    /**
     * Every customer has exactly one lifecycle stage, so the lifecycle segments of one recording add up to
     * the shop: their sizes to every customer, their revenue and orders to the shop's (customerShare,
     * revenueShare and orderShare each sum to 1).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theLifecycleStagesOfOneRecordingAddUpToTheShop() {
        new Shop("1933-01-01T00:00:00Z").customer("e").order("e", 3, "70").save().recompute();
        List<Map<String, Object>> stages = exact(graphql(
                "{ segments(family: LIFECYCLE) { statistics { recordedAt size customerShare revenueShare orderShare } } }")
                .body("errors", nullValue())).getList("data.segments");
        List<Map<String, Object>> statistics = stages.stream().map(s -> (Map<String, Object>) s.get("statistics")).toList();
        assertEquals(1, statistics.stream().map(s -> s.get("recordedAt")).distinct().count(), "one recording");
        int customers = graphql("{ customers(first: 0) { totalCount } }").extract().path("data.customers.totalCount");
        assertEquals(customers, statistics.stream().mapToInt(s -> (Integer) s.get("size")).sum());
        for (String share : List.of("customerShare", "revenueShare", "orderShare")) {
            assertEquals(1.0, statistics.stream().mapToDouble(s -> number(s.get(share))).sum(), 1e-9, share);
        }
    }

    @Test
    void aNewCustomSegmentHasStatisticsAtOnce() {
        String key = unique("stats-new").toLowerCase();
        createSegment(key, "totalSpend < 0");
        try {
            graphql("query($k: String!) { segment(key: $k) { statistics { size ordersInWindow revenueInWindow "
                    + "averageOrderValue revenuePerCustomer } } }", Map.of("k", key))
                    .body("errors", nullValue())
                    .body("data.segment.statistics.size", equalTo(0))
                    .body("data.segment.statistics.revenueInWindow", equalTo(0.0f))
                    .body("data.segment.statistics.averageOrderValue", nullValue())
                    .body("data.segment.statistics.revenuePerCustomer", nullValue());
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    @Test
    void onlyMarketingAndAdminsReadThem() {
        for (String role : List.of(Roles.STOREFRONT, Roles.INGEST)) {
            as(role).post("{ segment(key: \"LOYAL\") { statistics { revenueShare } } }").statusCode(200)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
        as(Roles.MARKETING).post("{ segment(key: \"LOYAL\") { statistics { revenueShare } } }").statusCode(200)
                .body("errors", nullValue());
    }

    private static void createSegment(String key, String rule) {
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }",
                Map.of("s", Map.of("key", key, "name", key, "ruleText", rule))).body("errors", nullValue());
    }

    /** The answer with its decimals exactly as sent (rest-assured would read them as floats). */
    private static JsonPath exact(ValidatableResponse response) {
        return new JsonPath(response.extract().asString())
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
