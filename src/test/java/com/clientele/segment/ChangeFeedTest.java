package com.clientele.segment;

import com.clientele.GraphQLClient;
import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pull feed: commit order when transactions commit out of the order of their ids, resuming from every
 * cursor of a recorded run, erasure that keeps the feed whole, and the errors of bad arguments.
 */
@QuarkusTest
class ChangeFeedTest extends Pins {

    private static final String FEED = """
            query($k: [String], $a: String, $f: Int) {
              membershipChanges(keys: $k, after: $a, first: $f) {
                edges { cursor node { id customerExternalId key entered at } } pageInfo { hasNextPage endCursor } } }""";

    /** A change as the feed shows it. */
    private record Change(String id, String customer, String key, boolean entered) {
        @Override
        public String toString() {
            return (entered ? "+" : "-") + key + ":" + customer;
        }
    }

    /**
     * Era 1960. Segment spenders: this shop's customers with totalSpend > 100. Hand-worked sequence: ann
     * enters with her 150 order; bob enters with 120; ann's order is cancelled and she leaves; cem enters
     * with 500; bob is erased and leaves, and every change of his loses its customer. Every write commits
     * before the next, so commit order is this order.
     */
    @Test
    void aRecordedRunResumesFromEveryCursorWithTheSameSuffix() {
        Shop shop = new Shop("1960-06-01T00:00:00Z").customer("ann").customer("bob").customer("cem").save().recompute();
        String key = (shop.id("") + "spenders").toLowerCase().replaceAll("[^a-z0-9]+", "-");
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }", Map.of("s", Map.of("key", key,
                "name", "Spenders", "ruleText", "externalId starts with '" + shop.id("") + "' and totalSpend > 100")))
                .body("errors", nullValue());
        try {
            String tail = lastCursor(null);
            new Shop("1960-06-01T00:00:00Z").sharing(shop).order("ann", 3, "150").save();
            new Shop("1960-06-01T00:00:00Z").sharing(shop).order("bob", 2, "120").save();
            graphql("mutation($e: String!) { cancelPurchase(externalId: $e) { id } }", Map.of("e", shop.id("p1")))
                    .body("errors", nullValue());
            new Shop("1960-06-01T00:00:00Z").sharing(shop).order("cem", 1, "500").save();
            List<Change> beforeErasure = all(List.of(key), null, 2);
            graphql("mutation($e: String!) { eraseCustomer(externalId: $e) }", Map.of("e", shop.id("bob")))
                    .body("data.eraseCustomer", equalTo(true));

            List<Change> recorded = all(List.of(key), null, 2);
            assertEquals("[+spenders:ann, +spenders:null, -spenders:ann, +spenders:cem, -spenders:null]",
                    recorded.toString().replace(shop.id(""), ""));
            // erasure changed no position: the same ids as before it, plus bob's exit
            assertEquals(beforeErasure.stream().map(Change::id).toList(),
                    recorded.subList(0, 4).stream().map(Change::id).toList());
            for (int i = 0; i < recorded.size(); i++) {
                assertEquals(recorded.subList(i + 1, recorded.size()), all(List.of(key), recorded.get(i).id(), 3),
                        "resumed after change " + i);
            }
            // the whole feed after the run's start holds the same changes of this segment, in the same order
            List<Change> everything = all(null, tail, 500);
            assertEquals(recorded, everything.stream().filter(c -> c.key().equals(key)).toList());
            // and /q/metrics counts them by segment (read every 10 s)
            assertTrue(metricEventually("clientele_segment_changes_total{change=\"entry\",segment=\"" + key + "\"} 3.0"));
            assertTrue(metricEventually("clientele_segment_changes_total{change=\"exit\",segment=\"" + key + "\"} 2.0"));
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    /**
     * Two transactions write changes: the first to allocate a change id commits last. A reader paging by id
     * would have moved past it; the feed serves it after the change that committed first.
     */
    @Test
    void aChangeWhoseTransactionCommitsLateIsNotSkipped() {
        String key = "late-" + UUID.randomUUID().toString().substring(0, 8);
        customers(key + "-first-allocated", key + "-second-allocated");
        SqlConnection late = pool.getConnection().await().indefinitely();
        SqlConnection early = pool.getConnection().await().indefinitely();
        try {
            Transaction lateTx = late.begin().await().indefinitely();
            Transaction earlyTx = early.begin().await().indefinitely();
            // the early transaction takes the older transaction id, the late one the lower change id
            xid(early);
            xid(late);
            insert(late, key, key + "-first-allocated");
            insert(early, key, key + "-second-allocated");
            earlyTx.commit().await().indefinitely();

            List<Change> seen = eventually(key, null, 1);
            assertEquals(key + "-second-allocated", seen.get(0).customer());
            String cursor = seen.get(0).id();
            lateTx.commit().await().indefinitely();
            List<Change> after = eventually(key, cursor, 1);
            assertEquals(key + "-first-allocated", after.get(0).customer());
            assertEquals(List.of(), all(List.of(key), after.get(0).id(), 10));
        } finally {
            late.close().await().indefinitely();
            early.close().await().indefinitely();
        }
    }

    /** A change of a transaction younger than a running one waits until that one ends, then comes in commit order. */
    @Test
    void changesWaitBehindAnOlderTransactionThatIsStillRunning() {
        String key = "held-" + UUID.randomUUID().toString().substring(0, 8);
        customers(key + "-older", key + "-younger");
        SqlConnection older = pool.getConnection().await().indefinitely();
        SqlConnection younger = pool.getConnection().await().indefinitely();
        try {
            Transaction olderTx = older.begin().await().indefinitely();
            Transaction youngerTx = younger.begin().await().indefinitely();
            xid(older);
            xid(younger);
            insert(younger, key, key + "-younger");
            youngerTx.commit().await().indefinitely();
            insert(older, key, key + "-older");
            assertEquals(List.of(), all(List.of(key), null, 10), "served while an older transaction runs");
            olderTx.commit().await().indefinitely();
            assertEquals(List.of(key + "-older", key + "-younger"), eventually(key, null, 2).stream().map(Change::customer).toList());
        } finally {
            older.close().await().indefinitely();
            younger.close().await().indefinitely();
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirPath() {
        refused(Map.of("a", "not-a-change-id"), "after");
        refused(Map.of("a", java.util.Base64.getUrlEncoder().encodeToString("change:1/x".getBytes())), "after");
        refused(Map.of("f", 10_001), "first");
        refused(Map.of("f", -1), "first");
        refused(Map.of("k", List.of()), "keys");
        refused(Map.of("k", List.of("LOYAL", "no-such-segment-" + UUID.randomUUID())), "keys[1]");
        refused(Map.of("k", java.util.Arrays.asList("LOYAL", null)), "keys[1]");
        refused(Map.of("k", IntStream.range(0, 51).mapToObj(i -> "k" + i).toList()), "keys");
        // a built-in key is known even before it has a change
        feed(Map.of("k", List.of("LOYAL", "LOYAL"), "f", 0)).body("errors", nullValue());
    }

    @Test
    void theFeedIsForMarketingAndAdmin() {
        for (String role : Roles.ALL) {
            ValidatableResponse response = GraphQLClient.as(role).post("{ membershipChanges(first: 1) { totalCount } }")
                    .statusCode(200);
            if (role.equals(Roles.MARKETING) || role.equals(Roles.ADMIN)) {
                response.body("errors", nullValue());
            } else {
                response.body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            }
        }
    }

    private void refused(Map<String, Object> variables, String path) {
        feed(variables).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo(path));
    }

    private static ValidatableResponse feed(Map<String, Object> variables) {
        return graphql(FEED, variables);
    }

    /** Every change after {@code after}, read in pages of {@code first}. */
    private static List<Change> all(List<String> keys, String after, int first) {
        List<Change> changes = new ArrayList<>();
        String cursor = after;
        while (true) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("k", keys);
            variables.put("a", cursor);
            variables.put("f", first);
            ValidatableResponse response = feed(variables).body("errors", nullValue());
            List<Map<String, Object>> edges = response.extract().path("data.membershipChanges.edges");
            for (Map<String, Object> edge : edges) {
                @SuppressWarnings("unchecked")
                Map<String, Object> node = (Map<String, Object>) edge.get("node");
                assertEquals(edge.get("cursor"), node.get("id"));
                assertNotNull(node.get("at"));
                changes.add(new Change((String) node.get("id"), (String) node.get("customerExternalId"),
                        (String) node.get("key"), (Boolean) node.get("entered")));
            }
            boolean more = response.extract().path("data.membershipChanges.pageInfo.hasNextPage");
            if (!more) {
                String end = response.extract().path("data.membershipChanges.pageInfo.endCursor");
                if (edges.isEmpty()) {
                    assertNull(end);
                }
                return changes;
            }
            cursor = response.extract().path("data.membershipChanges.pageInfo.endCursor");
        }
    }

    private static String lastCursor(List<String> keys) {
        List<Change> changes = all(keys, null, 10_000);
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).id();
    }

    /** At least {@code count} changes after {@code after}, waiting for transactions elsewhere to end. */
    private static List<Change> eventually(String key, String after, int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<Change> changes = all(List.of(key), after, 10);
            if (changes.size() >= count) {
                return changes;
            }
            sleep();
        }
        throw new AssertionError("fewer than " + count + " changes of " + key + " after 10 s");
    }

    private static boolean metricEventually(String line) {
        for (int attempt = 0; attempt < 250; attempt++) {
            if (io.restassured.RestAssured.get("/q/metrics").asString().contains(line)) {
                return true;
            }
            sleep();
        }
        return false;
    }

    private static void xid(SqlConnection connection) {
        connection.query("select pg_current_xact_id()").execute().await().indefinitely();
    }

    /** A change row as the engine writes it, for a customer made for it (the label is its external id). */
    private static void insert(SqlConnection connection, String key, String label) {
        connection.preparedQuery("""
                insert into membership_change (customer_id, segment_key, entered, at)
                select id, $1, true, now() from customer where external_id = $2""")
                .execute(Tuple.of(key, label)).await().indefinitely();
    }

    private static void customers(String... labels) {
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                Map.of("c", java.util.Arrays.stream(labels).map(l -> Map.of("externalId", l)).toList()))
                .body("errors", nullValue());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
