package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Preview, saved members and explanations of the same rule on a hand-worked shop (era 1952): ann NL
 * 2 x 300 (10 and 20 days ago), bob NL 50, cem BE 700, dora NL without orders.
 */
@QuarkusTest
class PreviewAndExplainTest extends Pins {

    private static final String PREVIEW = """
            query($t: String, $n: Int) { previewSegment(ruleText: $t, sample: $n) {
              count population asOf tookMillis rule { text } sample { externalId metrics { totalSpend } } } }""";
    private static final String EXPLAIN = """
            query($c: String!, $k: String, $t: String) { explainSegment(customerExternalId: $c, key: $k, ruleText: $t) {
              matched asOf key member rule { text }
              root { kind text matched value children { kind text matched value } }
              nodes { id parentId kind text matched value } } }""";

    @Test
    void previewSavedMembersAndExplanationsAgree() {
        Shop shop = shop();
        String rule = scope(shop) + " and country = 'NL' and totalSpend > 100";
        graphql(PREVIEW, Map.of("t", rule, "n", 10)).body("errors", nullValue())
                .body("data.previewSegment.count", equalTo(1))
                .body("data.previewSegment.population", greaterThanOrEqualTo(4))
                .body("data.previewSegment.asOf", equalTo("1952-06-01T00:00:00Z"))
                .body("data.previewSegment.sample.externalId", contains(shop.id("ann")))
                .body("data.previewSegment.sample[0].metrics.totalSpend", equalTo(600.0f))
                .body("data.previewSegment.rule.text", equalTo(rule));
        int population = graphql("{ customers(first: 1) { totalCount } }").extract().path("data.customers.totalCount");
        graphql(PREVIEW, Map.of("t", rule, "n", 0)).body("data.previewSegment.population", equalTo(population))
                .body("data.previewSegment.sample", equalTo(List.of()));

        String key = (shop.id("") + "nl").toLowerCase();
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }",
                Map.of("s", Map.of("key", key, "name", "NL", "ruleText", rule))).body("errors", nullValue());
        try {
            for (String customer : List.of("ann", "bob", "cem", "dora")) {
                boolean member = shop.segments(customer).contains(key);
                assertEquals(customer.equals("ann"), member);
                graphql(EXPLAIN, Map.of("c", shop.id(customer), "k", key)).body("errors", nullValue())
                        .body("data.explainSegment.matched", equalTo(member))
                        .body("data.explainSegment.member", equalTo(member))
                        .body("data.explainSegment.key", equalTo(key));
            }
            graphql(EXPLAIN, Map.of("c", shop.id("bob"), "k", key))
                    .body("data.explainSegment.root.kind", equalTo("AND"))
                    .body("data.explainSegment.root.children.text", contains("externalId starts with '" + shop.id("") + "'",
                            "country = 'NL'", "totalSpend > 100"))
                    .body("data.explainSegment.root.children.matched", contains(true, true, false))
                    .body("data.explainSegment.root.children.value", contains(shop.id("bob"), "NL", "50"))
                    .body("data.explainSegment.nodes.id", contains(0, 1, 2, 3))
                    .body("data.explainSegment.nodes.parentId", contains(null, 0, 0, 0));
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    @Test
    void aggregatePreviewsCountAndSampleInOnePassInIdOrder() {
        Shop shop = shop();
        int population = graphql("{ customers(first: 1) { totalCount } }").extract().path("data.customers.totalCount");
        // orders 10 and 20 (ann), 5 (bob) and 3 (cem) days ago; dora has none
        graphql(PREVIEW, Map.of("t", scope(shop) + " and orders(in last 30 days) >= 1", "n", 2)).body("errors", nullValue())
                .body("data.previewSegment.count", equalTo(3))
                .body("data.previewSegment.population", equalTo(population))
                .body("data.previewSegment.sample.externalId", contains(shop.id("ann"), shop.id("bob")))
                .body("data.previewSegment.sample[0].metrics.totalSpend", equalTo(600.0f));
        graphql(PREVIEW, Map.of("t", scope(shop) + " and orders(in last 8 days) >= 1 and country = 'BE'", "n", 10))
                .body("data.previewSegment.count", equalTo(1))
                .body("data.previewSegment.sample.externalId", contains(shop.id("cem")));
        graphql(PREVIEW, Map.of("t", scope(shop) + " and orders(in last 30 days) = 0", "n", 10))
                .body("data.previewSegment.count", equalTo(1))
                .body("data.previewSegment.sample.externalId", contains(shop.id("dora")));
        graphql(PREVIEW, Map.of("t", scope(shop) + " and orders(in last 2 days) >= 1", "n", 10))
                .body("data.previewSegment.count", equalTo(0))
                .body("data.previewSegment.sample", equalTo(List.of()));
    }

    @Test
    void builtInsAreExplainedByTheirRuleFormsWithTheLifecycleInFirstMatchOrder() {
        Shop shop = shop();
        graphql(EXPLAIN, Map.of("c", shop.id("ann"), "k", "RECENT_BUYER")).body("errors", nullValue())
                .body("data.explainSegment.matched", equalTo(true))
                .body("data.explainSegment.member", equalTo(true))
                .body("data.explainSegment.rule.text", equalTo("daysSinceLastOrder < 30"))
                .body("data.explainSegment.root.value", equalTo("10"));
        // ann: 2 orders, the first 20 days ago: NEW (first order within 30 days), so not OCCASIONAL
        graphql(EXPLAIN, Map.of("c", shop.id("ann"), "k", "OCCASIONAL"))
                .body("data.explainSegment.matched", equalTo(false))
                .body("data.explainSegment.member", equalTo(false))
                .body("data.explainSegment.root.children.text", contains("not orderCount = 0", "not daysSinceFirstOrder < 30",
                        "not daysSinceLastOrder >= 365", "not daysSinceLastOrder >= 90", "not orderCount = 1",
                        "not (ordersLast365Days >= 6 and activeQuartersInLast4 >= 3)", "not ordersLast365Days >= 3"))
                .body("data.explainSegment.root.children.matched", contains(true, false, true, true, true, true, true));
        graphql(EXPLAIN, Map.of("c", shop.id("dora"), "k", "PROSPECT"))
                .body("data.explainSegment.matched", equalTo(true))
                .body("data.explainSegment.root.value", equalTo("0"));
        // an unset value makes a condition false, and is shown as null
        graphql(EXPLAIN, Map.of("c", shop.id("dora"), "t", "daysSinceLastOrder < 1000"))
                .body("data.explainSegment.matched", equalTo(false))
                .body("data.explainSegment.key", nullValue())
                .body("data.explainSegment.member", nullValue())
                .body("data.explainSegment.root.value", nullValue());
    }

    @Test
    void badQuestionsGetErrorsWithTheirPath() {
        Shop shop = shop();
        graphql(PREVIEW, Map.of("t", "age >", "n", 10))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("ruleText"))
                .body("errors[0].extensions.column", equalTo(6));
        graphql(PREVIEW, Map.of("t", "age > 1", "n", 101)).body("errors[0].extensions.inputPath", equalTo("sample"));
        graphql(PREVIEW, Map.of("t", "age > 1", "n", -1)).body("errors[0].extensions.inputPath", equalTo("sample"));
        graphql("{ previewSegment { count } }").body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        graphql(EXPLAIN, Map.of("c", shop.id("nobody"), "k", "LOYAL"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].extensions.inputPath", equalTo("customerExternalId"));
        graphql(EXPLAIN, Map.of("c", shop.id("ann"), "k", "no-such-segment"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].extensions.inputPath", equalTo("key"));
        graphql(EXPLAIN, Map.of("c", shop.id("ann"), "k", "LOYAL", "t", "age > 1"))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        graphql(EXPLAIN, Map.of("c", shop.id("ann"))).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
    }

    @Test
    void theEvaluationInstantIsVisibleAndCanReturnToTheClockWithoutARecompute() {
        Shop shop = shop();
        graphql("{ segmentStatus { pinnedAsOf evaluatesAt lastFullRecomputeAsOf } }")
                .body("data.segmentStatus.pinnedAsOf", equalTo("1952-06-01T00:00:00Z"))
                .body("data.segmentStatus.evaluatesAt", equalTo("1952-06-01T00:00:00Z"))
                .body("data.segmentStatus.lastFullRecomputeAsOf", equalTo("1952-06-01T00:00:00Z"));
        graphql("mutation { unpinSegments { pinnedAsOf evaluatesAt } }")
                .body("data.unpinSegments.pinnedAsOf", nullValue());
        // a write now evaluates at the clock: ann's metrics move to now, her orders are decades old
        shop.order("ann", 0, "1").save();
        Map<String, Object> metrics = shop.customerField("ann", "metrics { asOf daysSinceLastOrder }");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) metrics.get("metrics");
        assertEquals(false, values.get("asOf").toString().startsWith("1952"), values.toString());
    }

    private static Shop shop() {
        return new Shop("1952-06-01T00:00:00Z")
                .customer("ann", "country", "NL").customer("bob", "country", "NL")
                .customer("cem", "country", "BE").customer("dora", "country", "NL")
                .order("ann", 10, "300").order("ann", 20, "300").order("bob", 5, "50").order("cem", 3, "700")
                .save().recompute();
    }

    private static String scope(Shop shop) {
        return "externalId starts with '" + shop.id("") + "'";
    }
}
