package com.clientele.segment;

import com.clientele.SubscriptionClient;
import com.clientele.Tokens;
import com.clientele.segment.feed.ChangePosition;
import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.SubscriptionClient.seconds;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * segmentChanges over a real WebSocket (graphql-transport-ws): the same sequence as the pull feed, live
 * changes from now on, authentication in the header or in connection_init, refusals, and a consumer that
 * does not read, closed when its buffer is full and resuming without gap or duplicate.
 */
@QuarkusTest
class SegmentChangesSubscriptionTest extends Pins {

    private static final String SUBSCRIBE = """
            subscription($k: [String], $a: ID) { segmentChanges(keys: $k, after: $a) { id customerExternalId key entered } }""";
    private static final String FEED = """
            query($k: [String], $a: String) { membershipChanges(keys: $k, after: $a, first: 10000) {
              edges { node { id customerExternalId key entered } } } }""";

    @Test
    void theSubscriptionReceivesWhatThePullFeedServesAndThenLiveChanges() {
        Shop shop = new Shop("1961-06-01T00:00:00Z").customer("ann").customer("bob").save().recompute();
        String key = shop.id("live").toLowerCase().replaceAll("[^a-z0-9]+", "-");
        createSegment(shop, key);
        try {
            new Shop("1961-06-01T00:00:00Z").sharing(shop).order("ann", 3, "150").save();
            List<JsonObject> pulled = pull(key, null);
            assertEquals(1, pulled.size());

            SubscriptionClient client = SubscriptionClient.connect(Tokens.of(Roles.MARKETING)).init(null);
            client.acknowledged();
            client.subscribe("from-start", SUBSCRIBE, new JsonObject().put("k", List.of(key)).put("a", ChangePosition.START.id()));
            client.subscribe("resumed", SUBSCRIBE, new JsonObject().put("k", List.of(key)).put("a", pulled.get(0).getString("id")));
            // from the start of the log: the same change as the pull feed
            JsonObject first = client.next(seconds(10));
            assertEquals("from-start", first.getString("id"));
            assertEquals(pulled.get(0), change(first));

            // live: bob enters, ann leaves (cancelled); both subscriptions get both, in the pull feed's order
            new Shop("1961-06-01T00:00:00Z").sharing(shop).order("bob", 2, "500").save();
            graphql("mutation($e: String!) { cancelPurchase(externalId: $e) { id } }", Map.of("e", shop.id("p1")))
                    .body("errors", nullValue());
            List<JsonObject> expected = pull(key, pulled.get(0).getString("id"));
            assertEquals(2, expected.size());
            List<JsonObject> fromStart = new ArrayList<>();
            List<JsonObject> resumed = new ArrayList<>();
            while (fromStart.size() < 2 || resumed.size() < 2) {
                JsonObject message = client.next(seconds(10));
                assertNotNull(message, "received " + fromStart + " and " + resumed);
                assertEquals("next", message.getString("type"), message.encode());
                (message.getString("id").equals("from-start") ? fromStart : resumed).add(change(message));
            }
            assertEquals(expected, fromStart);
            assertEquals(expected, resumed);
            assertNull(client.next(Duration.ofMillis(500)), "a duplicate");
            String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
            java.util.regex.Matcher open = java.util.regex.Pattern.compile("(?m)^clientele_feed_subscriptions ([0-9.]+)$")
                    .matcher(metrics);
            assertTrue(open.find() && Double.parseDouble(open.group(1)) >= 2, "two subscriptions open");
            assertTrue(metrics.contains("clientele_feed_changes_sent_total"));

            // without after: only what commits from now on
            client.subscribe("from-now", SUBSCRIBE, new JsonObject().put("k", List.of(key)));
            sleep(1000);
            new Shop("1961-06-01T00:00:00Z").sharing(shop).order("ann", 1, "300").save();
            List<String> ids = new ArrayList<>();
            JsonObject fromNow = null;
            while (ids.size() < 3) {
                JsonObject message = client.next(seconds(10));
                assertNotNull(message);
                ids.add(message.getString("id"));
                if (message.getString("id").equals("from-now")) {
                    fromNow = change(message);
                }
            }
            assertEquals(List.of(pull(key, expected.get(1).getString("id")).get(0)), List.of(fromNow));
            client.close();
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    @Test
    void theTokenMayComeInConnectionInitAndIsRequired() {
        SubscriptionClient viaInit = SubscriptionClient.connect(null).init(Tokens.of(Roles.ADMIN));
        viaInit.acknowledged();
        viaInit.close();

        SubscriptionClient none = SubscriptionClient.connect(null).init(null);
        assertEquals(4401, none.closed(seconds(5)).code());
        SubscriptionClient invalid = SubscriptionClient.connect(null).init("not-a-token");
        assertEquals(4403, invalid.closed(seconds(5)).code());
        SubscriptionClient twice = SubscriptionClient.connect(Tokens.of(Roles.ADMIN)).init(Tokens.of(Roles.ADMIN));
        assertEquals(4400, twice.closed(seconds(5)).code());
        SubscriptionClient early = SubscriptionClient.connect(Tokens.of(Roles.ADMIN));
        early.subscribe("1", SUBSCRIBE, new JsonObject());
        assertEquals(4401, early.closed(seconds(5)).code());
    }

    @Test
    void subscriptionsAreForMarketingAndAdminAndOnlySubscriptionsAreServed() {
        for (String role : List.of(Roles.STOREFRONT, Roles.INGEST)) {
            SubscriptionClient client = SubscriptionClient.connect(null).init(Tokens.of(role));
            client.acknowledged();
            client.subscribe("1", SUBSCRIBE, new JsonObject());
            assertError(client.next(seconds(5)), "1", "FORBIDDEN");
            client.close();
        }
        SubscriptionClient client = SubscriptionClient.connect(Tokens.of(Roles.ADMIN)).init(null);
        client.acknowledged();
        client.subscribe("query", "{ segments { key } }", new JsonObject());
        assertError(client.next(seconds(5)), "query", "BAD_USER_INPUT");
        client.subscribe("broken", "subscription { segmentChanges(", new JsonObject());
        assertError(client.next(seconds(5)), "broken", "BAD_USER_INPUT");
        client.subscribe("unknown", SUBSCRIBE, new JsonObject().put("k", List.of("no-such-" + UUID.randomUUID())));
        JsonObject refused = client.next(seconds(5));
        assertEquals("next", refused.getString("type"));
        JsonObject error = refused.getJsonObject("payload").getJsonArray("errors").getJsonObject(0);
        assertEquals("BAD_USER_INPUT", error.getJsonObject("extensions").getString("code"));
        assertEquals("keys[0]", error.getJsonObject("extensions").getString("inputPath"));
        assertEquals("complete", client.next(seconds(5)).getString("type"));
        client.subscribe("bad-after", SUBSCRIBE, new JsonObject().put("a", "nope"));
        JsonObject badAfter = client.next(seconds(5)).getJsonObject("payload").getJsonArray("errors").getJsonObject(0);
        assertEquals("after", badAfter.getJsonObject("extensions").getString("inputPath"));
        client.close();
    }

    /**
     * 200,000 changes of one segment (more than the socket buffers of both ends hold) in the log; a client that does not read fills the service's buffer for
     * it and is closed with 1013. It then resumes after the last change it received and gets the rest: every
     * change exactly once.
     */
    @Test
    void aConsumerThatFallsBehindIsClosedAndResumesWithoutGapOrDuplicate() {
        String key = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        int total = 200_000;
        pool.preparedQuery("""
                insert into membership_change (customer_id, segment_key, entered, at)
                select null, $1, n % 2 = 0, now() from generate_series(1, $2) n""")
                .execute(Tuple.of(key, total)).await().indefinitely();
        SubscriptionClient slow = SubscriptionClient.paused(Tokens.of(Roles.MARKETING)).init(null);
        slow.subscribe("1", SUBSCRIBE, new JsonObject().put("k", List.of(key)).put("a", ChangePosition.START.id()));
        sleep(15_000); // the service writes a few thousand changes a second: its buffers are full by then
        slow.resume();
        List<String> received = new ArrayList<>();
        JsonObject message;
        while ((message = slow.next(seconds(5))) != null) {
            if ("next".equals(message.getString("type"))) {
                received.add(message.getJsonObject("payload").getJsonObject("data").getJsonObject("segmentChanges").getString("id"));
            }
        }
        SubscriptionClient.Closed closed = slow.closed(seconds(5));
        assertEquals(1013, closed.code(), closed.reason());
        assertTrue(received.size() < total, "the slow consumer was not cut off: " + received.size());

        SubscriptionClient again = SubscriptionClient.connect(Tokens.of(Roles.MARKETING)).init(null);
        again.acknowledged();
        again.subscribe("2", SUBSCRIBE, new JsonObject().put("k", List.of(key)).put("a", received.get(received.size() - 1)));
        while (received.size() < total) {
            message = again.next(seconds(10));
            assertNotNull(message, "stopped at " + received.size());
            received.add(message.getJsonObject("payload").getJsonObject("data").getJsonObject("segmentChanges").getString("id"));
        }
        assertNull(again.next(Duration.ofMillis(500)));
        again.close();
        List<Object> pulled = graphql(FEED.replace("first: 10000", "first: 10000"), Map.of("k", List.of(key)))
                .extract().path("data.membershipChanges.edges.node.id");
        assertEquals(10_000, pulled.size());
        assertEquals(pulled, received.subList(0, 10_000));
        assertEquals(total, received.stream().distinct().count());
    }

    private static void createSegment(Shop shop, String key) {
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }", Map.of("s", Map.of("key", key,
                "name", "Live", "ruleText", "externalId starts with '" + shop.id("") + "' and totalSpend > 100")))
                .body("errors", nullValue());
    }

    private static List<JsonObject> pull(String key, String after) {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("k", List.of(key));
        variables.put("a", after);
        List<Map<String, Object>> nodes = graphql(FEED, variables).body("errors", nullValue())
                .extract().path("data.membershipChanges.edges.node");
        return nodes.stream().map(JsonObject::new).toList();
    }

    private static JsonObject change(JsonObject message) {
        return message.getJsonObject("payload").getJsonObject("data").getJsonObject("segmentChanges");
    }

    private static void assertError(JsonObject message, String id, String code) {
        assertEquals("error", message.getString("type"), message.encode());
        assertEquals(id, message.getString("id"));
        assertEquals(code, message.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions").getString("code"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
