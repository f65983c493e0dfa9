package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saved custom segments on a hand-worked shop (era 1950): members at creation, maintenance on writes,
 * segments naming segments, circles and dependent deletes refused, exits at deletion, and the errors of
 * bad definitions. Every rule names this test's customers only, and every segment is deleted after.
 */
@QuarkusTest
class CustomSegmentsTest extends Pins {

    private static final String CREATE = """
            mutation($s: SegmentInput!) { createSegment(segment: $s) { key name family description } }""";
    private static final String UPDATE = """
            mutation($k: String!, $s: SegmentInput!) { updateSegment(key: $k, segment: $s) { key name } }""";
    private static final String DELETE = "mutation($k: String!) { deleteSegment(key: $k) }";

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteCreatedSegments() {
        for (int i = created.size() - 1; i >= 0; i--) { // dependents were created after what they name
            graphql(DELETE, Map.of("k", created.get(i)));
        }
    }

    /**
     * ann NL 2 x 300, bob NL 50, cem BE 700, dora NL no order. Rule big: NL and totalSpend > 100 = {ann}.
     * Rule followers: inSegment(big) or orderCount = 0 = {ann, dora}.
     */
    @Test
    void customSegmentsAreComputedAtCreationAndKeptCurrentLikeBuiltIns() {
        Shop shop = shop();
        String big = slug(shop, "big");
        String followers = slug(shop, "followers");
        create(big, "Big Dutch spenders", scope(shop) + " and country = 'NL' and totalSpend > 100")
                .body("errors", nullValue())
                .body("data.createSegment.family", equalTo("CUSTOM"))
                .body("data.createSegment.name", equalTo("Big Dutch spenders"));
        assertEquals(List.of(shop.id("ann")), members(big));
        create(followers, "Followers", "inSegment('" + big + "') or (" + scope(shop) + " and orderCount = 0)")
                .body("errors", nullValue());
        assertEquals(List.of(shop.id("ann"), shop.id("dora")), members(followers));
        graphql("query($k: String!) { segment(key: $k) { size rule { text } sizeHistory(from: \"1950-01-01\", to: \"1950-12-31\") { date size } } }",
                Map.of("k", big)).body("errors", nullValue())
                .body("data.segment.size", equalTo(1))
                .body("data.segment.rule.text", equalTo("externalId starts with '" + shop.id("") + "' and country = 'NL' and totalSpend > 100"))
                .body("data.segment.sizeHistory.date", contains("1950-06-01"));
        graphql("{ segments(family: CUSTOM) { key } }").body("data.segments.key", hasItem(big));

        // a write moves bob in, in the same transaction; his history shows the entry, dependents follow
        shop.order("bob", 1, "200").save();
        assertTrue(shop.segments("bob").containsAll(List.of(big, followers)), shop.segments("bob").toString());
        assertTrue(entered(shop, "bob", big));

        // a changed rule recomputes the segment and the segments that name it: bob (250) leaves both
        update(big, "Big Dutch spenders", scope(shop) + " and country = 'NL' and totalSpend > 500").body("errors", nullValue());
        assertEquals(List.of(shop.id("ann")), members(big));
        assertEquals(List.of(shop.id("ann"), shop.id("dora")), members(followers));

        // a full recompute agrees with what creation and maintenance computed
        shop.recompute();
        assertEquals(List.of(shop.id("ann")), members(big));
        assertEquals(List.of(shop.id("ann"), shop.id("dora")), members(followers));
    }

    @Test
    void circlesAndDeletesOfNamedSegmentsAreRefusedAndDeletionRecordsExits() {
        Shop shop = shop();
        String a = slug(shop, "a");
        String b = slug(shop, "b");
        create(a, "A", scope(shop) + " and totalSpend > 100").body("errors", nullValue());
        create(b, "B", "inSegment('" + a + "') and country = 'NL'").body("errors", nullValue());

        update(a, "A", "inSegment('" + b + "')")
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("segment.ruleText"))
                .body("errors[0].extensions.cycle", contains(a, b, a));
        update(a, "A", "inSegment('" + a + "')").body("errors[0].extensions.cycle", contains(a, a));
        graphql(DELETE, Map.of("k", a))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", containsString(b));
        assertEquals(List.of(shop.id("ann")), members(b), "a refused change changes nothing");

        graphql(DELETE, Map.of("k", b)).body("data.deleteSegment", equalTo(true));
        created.remove(b);
        assertTrue(exited(shop, "ann", b), "members leave a deleted segment, recorded as exits");
        graphql("query($k: String!) { segment(key: $k) { key } }", Map.of("k", b)).body("data.segment", nullValue());
        graphql(DELETE, Map.of("k", a)).body("data.deleteSegment", equalTo(true));
        created.remove(a);
        graphql(DELETE, Map.of("k", a)).body("data.deleteSegment", equalTo(false));
        assertTrue(!shop.segments("ann").contains(a));
    }

    @Test
    void badDefinitionsAreRefusedWithThePathAndNothingIsWritten() {
        Shop shop = shop();
        String key = slug(shop, "ok");
        create(key, "Fine", scope(shop)).body("errors", nullValue());
        create(key, "Again", scope(shop)).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.inputPath", equalTo("segment.key"));
        for (String bad : List.of("Has Caps", "trailing-", "-leading", "two--dashes", "", "x".repeat(65), "LOYAL")) {
            graphql(CREATE, Map.of("s", Map.of("key", bad, "name", "n", "ruleText", "age > 1")))
                    .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                    .body("errors[0].extensions.inputPath", equalTo("segment.key"));
        }
        graphql(CREATE, Map.of("s", Map.of("key", slug(shop, "both"), "name", "n", "ruleText", "age > 1",
                "rule", Map.of("condition", Map.of("field", "age", "operator", "GT", "values", List.of(Map.of("number", "1")))))))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        graphql(CREATE, Map.of("s", Map.of("key", slug(shop, "none"), "name", "n")))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        graphql(CREATE, Map.of("s", Map.of("key", slug(shop, "broken"), "name", "n", "ruleText", "age >")))
                .body("errors[0].extensions.inputPath", equalTo("segment.ruleText"))
                .body("errors[0].extensions.column", equalTo(6));
        graphql(CREATE, Map.of("s", Map.of("key", slug(shop, "ghost"), "name", "n", "ruleText", "inSegment('no-such')")))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        graphql(UPDATE, Map.of("k", "LOYAL", "s", Map.of("key", "LOYAL", "name", "n", "ruleText", "age > 1")))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        graphql(UPDATE, Map.of("k", slug(shop, "missing"), "s", Map.of("key", slug(shop, "missing"), "name", "n",
                "ruleText", "age > 1"))).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        graphql(UPDATE, Map.of("k", key, "s", Map.of("key", slug(shop, "renamed"), "name", "n", "ruleText", "age > 1")))
                .body("errors[0].extensions.inputPath", equalTo("segment.key"));
        graphql(DELETE, Map.of("k", "LOYAL")).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        graphql("{ segments(family: CUSTOM) { key } }").body("data.segments.key", not(hasItem(slug(shop, "both"))));
    }

    private Shop shop() {
        return new Shop("1950-06-01T00:00:00Z")
                .customer("ann", "country", "NL").customer("bob", "country", "NL")
                .customer("cem", "country", "BE").customer("dora", "country", "NL")
                .order("ann", 10, "300").order("ann", 20, "300").order("bob", 5, "50").order("cem", 3, "700")
                .save().recompute();
    }

    private static String scope(Shop shop) {
        return "externalId starts with '" + shop.id("") + "'";
    }

    /** A key of this test run: the shop's unique prefix, lower-cased. */
    private static String slug(Shop shop, String name) {
        return (shop.id("") + name).toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private ValidatableResponse create(String key, String name, String ruleText) {
        ValidatableResponse response = graphql(CREATE, Map.of("s", Map.of("key", key, "name", name, "ruleText", ruleText)));
        if (response.extract().path("data.createSegment") != null) {
            created.add(key);
        }
        return response;
    }

    private static ValidatableResponse update(String key, String name, String ruleText) {
        return graphql(UPDATE, Map.of("k", key, "s", Map.of("key", key, "name", name, "ruleText", ruleText)));
    }

    private static List<String> members(String key) {
        return graphql("query($k: String!) { segment(key: $k) { members(first: 100) { edges { node { externalId } } } } }",
                Map.of("k", key)).body("errors", nullValue()).extract().path("data.segment.members.edges.node.externalId");
    }

    private static boolean entered(Shop shop, String customer, String key) {
        return history(shop, customer).stream().anyMatch(c -> c.get("key").equals(key) && (Boolean) c.get("entered"));
    }

    private static boolean exited(Shop shop, String customer, String key) {
        return history(shop, customer).stream().anyMatch(c -> c.get("key").equals(key) && !(Boolean) c.get("entered"));
    }

    private static List<Map<String, Object>> history(Shop shop, String customer) {
        return graphql("query($e: String!) { customerByExternalId(externalId: $e) { segmentHistory(first: 200) { edges { node { key entered } } } } }",
                Map.of("e", shop.id(customer))).body("errors", nullValue())
                .extract().path("data.customerByExternalId.segmentHistory.edges.node");
    }
}
