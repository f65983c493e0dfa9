package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segment API around the rules: catalogue, sizes, members, history, settings, recompute. Era 1985. */
@QuarkusTest
class SegmentApiTest extends Pins {


    @Test
    void catalogueListsEveryBuiltInSegmentByFamily() {
        graphql("{ segments(family: LIFECYCLE) { key family } }")
                .body("data.segments.key", contains("PROSPECT", "NEW", "LOST", "LAPSED", "ONE_TIME", "LOYAL", "REGULAR", "OCCASIONAL"))
                .body("data.segments.family", everyItem(equalTo("LIFECYCLE")));
        graphql("{ segments { key } }").body("data.segments", hasSize(33));
        graphql("{ segments(family: RFM) { key } }").body("data.segments", hasSize(11));
        graphql("{ segment(key: \"CHAMPION\") { name family description } nope: segment(key: \"nope\") { key } }")
                .body("data.segment.family", equalTo("RFM"))
                .body("data.nope", nullValue());
        graphql("{ customerSegments(externalId: \"nobody-at-all\") }").body("data.customerSegments", empty());
    }

    @Test
    void historyRecordsEveryEntryAndExitWithUniqueIds() {
        Shop shop = new Shop("1985-01-01T00:00:00Z").customer("ann").save().recompute();
        shop.order("ann", 1, "10").save(); // maintained incrementally: PROSPECT exits, NEW and others enter
        List<Map<String, Object>> changes = graphql(
                "query($e: String!) { customerByExternalId(externalId: $e) { segmentHistory(first: 100) { edges { node { id customerExternalId key entered at } } } } }",
                Map.of("e", shop.id("ann"))).body("errors", nullValue())
                .extract().path("data.customerByExternalId.segmentHistory.edges.node");
        assertEquals(changes.size(), changes.stream().map(c -> c.get("id")).distinct().count(), "ids are unique");
        assertTrue(has(changes, "PROSPECT", true, null)); // at the upsert, evaluated before the pin
        assertTrue(has(changes, "PROSPECT", false, shop.ago(0)));
        assertTrue(has(changes, "NEW", true, shop.ago(0)));
        assertTrue(has(changes, "RECENT_BUYER", true, shop.ago(0)));
        assertTrue(changes.stream().allMatch(c -> c.get("customerExternalId").equals(shop.id("ann"))));

        // pages of one change each walk the whole history
        String page = """
                query($e: String!, $after: String) { customerByExternalId(externalId: $e) {
                  segmentHistory(first: 1, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }""";
        String after = null;
        List<Object> seen = new java.util.ArrayList<>();
        boolean more = true;
        while (more) {
            Map<String, Object> vars = new java.util.HashMap<>(Map.of("e", shop.id("ann")));
            vars.put("after", after);
            var r = graphql(page, vars).body("errors", nullValue()).extract();
            seen.addAll(r.path("data.customerByExternalId.segmentHistory.edges.node.id"));
            more = r.path("data.customerByExternalId.segmentHistory.pageInfo.hasNextPage");
            after = r.path("data.customerByExternalId.segmentHistory.pageInfo.endCursor");
        }
        assertEquals(changes.stream().map(c -> c.get("id")).toList(), seen);
    }

    private static boolean has(List<Map<String, Object>> changes, String key, boolean entered, String at) {
        return changes.stream().anyMatch(c -> c.get("key").equals(key) && c.get("entered").equals(entered)
                && (at == null || java.time.Instant.parse((String) c.get("at")).equals(java.time.Instant.parse(at))));
    }

    @Test
    void sizesMembersAndDailySizeHistory() {
        Shop shop = new Shop("1985-06-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            shop.customer("guest" + i, "registered", false);
        }
        shop.save().recompute();
        graphql("""
                { segment(key: "GUEST") { size members(first: 2) { totalCount edges { node { externalId } } pageInfo { hasNextPage } }
                  sizeHistory(from: "1985-06-01", to: "1985-06-01") { date size } } }""")
                .body("errors", nullValue())
                .body("data.segment.size", greaterThanOrEqualTo(3))
                .body("data.segment.members.edges", hasSize(2))
                .body("data.segment.members.pageInfo.hasNextPage", equalTo(true))
                .body("data.segment.sizeHistory.date", contains("1985-06-01"))
                .body("data.segment.sizeHistory[0].size", greaterThanOrEqualTo(3));
        // a list of segments reads its histories in one statement; each is the one a single segment gets
        List<Map<String, Object>> all = graphql("{ segments { key sizeHistory(from: \"1985-05-20\", to: \"1985-06-10\") { date size } } }")
                .body("errors", nullValue()).extract().path("data.segments");
        for (Map<String, Object> segment : all) {
            Object alone = graphql("query($k: String!) { segment(key: $k) { sizeHistory(from: \"1985-05-20\", to: \"1985-06-10\") { date size } } }",
                    Map.of("k", segment.get("key"))).extract().path("data.segment.sizeHistory");
            assertEquals(alone, segment.get("sizeHistory"), (String) segment.get("key"));
        }
        assertTrue(all.stream().anyMatch(s -> !((List<?>) s.get("sizeHistory")).isEmpty()), "some history to compare");
    }

    @Test
    void settingsAreValidatedAndAChangeRecomputes() {
        graphql("{ segmentSettings { window rfmWindow newCustomerDays lostAfterDays lapsedAfterDays loyalMinOrders regularMinOrders recentDays bigSpenderOrderTotal bulkLineQuantity bulkOrderUnits discountShare impulseShare impulseMinutes focusShare irregularCv researchVisits mobileShare } }")
                .body("data.segmentSettings.window", equalTo(365))
                .body("data.segmentSettings.rfmWindow", equalTo(730))
                .body("data.segmentSettings.bigSpenderOrderTotal", nullValue())
                .body("data.segmentSettings.discountShare", equalTo(0.6f))
                .body("data.segmentSettings.mobileShare", equalTo(0.6f));
        graphql("mutation { updateSegmentSettings(settings: {lapsedAfterDays: -1, focusShare: 1.2, mobileShare: -0.1}) { window } }")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.problems.path", containsInAnyOrder(
                        "settings.lapsedAfterDays", "settings.focusShare", "settings.mobileShare"));

        Shop shop = new Shop("1985-09-01T00:00:00Z").customer("bob").order("bob", 40, "10").save().recompute();
        org.junit.jupiter.api.Assertions.assertTrue(shop.segments("bob").contains("ONE_TIME"));
        try {
            graphql("mutation { updateSegmentSettings(settings: {newCustomerDays: 60}) { newCustomerDays } }")
                    .body("errors", nullValue())
                    .body("data.updateSegmentSettings.newCustomerDays", equalTo(60));
            org.junit.jupiter.api.Assertions.assertTrue(shop.segments("bob").contains("NEW"), "a first order 40 days ago is new within 60 days");
        } finally {
            graphql("mutation { updateSegmentSettings(settings: {newCustomerDays: 30}) { newCustomerDays } }")
                    .body("errors", nullValue());
        }
        org.junit.jupiter.api.Assertions.assertTrue(shop.segments("bob").contains("ONE_TIME"));
    }

    @Test
    void twoRecomputesNeverOverlap() {
        var conn = pool.getConnection().await().indefinitely();
        try {
            var tx = conn.begin().await().indefinitely();
            // hold the lock as a running recompute would
            conn.query("select pg_advisory_xact_lock(hashtext('clientele-full-recompute'))").execute().await().indefinitely();
            graphql("mutation { recomputeSegments { customers } }")
                    .body("errors[0].extensions.code", equalTo("CONFLICT"))
                    .body("errors[0].extensions.inputPath", equalTo("recomputeSegments"));
            tx.rollback().await().indefinitely();
        } finally {
            conn.close().await().indefinitely();
        }
        graphql("mutation { recomputeSegments { customers memberships tookMillis asOf } }")
                .body("errors", nullValue())
                .body("data.recomputeSegments.asOf", notNullValue());
    }

    @Test
    void segmentFieldsOfManyCustomersResolveTogether() {
        Shop shop = new Shop("1986-01-01T00:00:00Z");
        for (int i = 0; i < 25; i++) {
            shop.customer("m" + i, "country", "MT").order("m" + i, 10 + i, String.valueOf(10 + i));
        }
        shop.save().recompute();
        graphql("""
                { customers(first: 100, filter: {country: "MT"}) { edges { node {
                    lifecycle rfm { group } metrics { orderCount totalSpend asOf } segments { key segment { family } }
                    segmentHistory(first: 5) { totalCount } purchases { totalCount } } } }
                  champions: segment(key: "CHAMPION") { size } }""")
                .body("errors", nullValue())
                .body("data.customers.edges", hasSize(greaterThanOrEqualTo(25)))
                .body("data.customers.edges.node.metrics.orderCount", everyItem(equalTo(1)))
                .body("data.customers.edges.node.lifecycle", everyItem(org.hamcrest.Matchers.oneOf("NEW", "ONE_TIME")))
                .body("data.customers.edges.node.rfm.group", not(hasItem(nullValue())));
    }
}
