package com.clientele.segment;

import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.as;
import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Segment.recentChanges: a segment's latest entries and exits, newest first, ending where the feed goes on. */
@QuarkusTest
class RecentChangesTest {

    @Test
    void theLatestEntriesAndExitsNewestFirst() {
        String prefix = unique("recent");
        String key = prefix.toLowerCase();
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }", Map.of("s", Map.of("key", key,
                "name", "recent", "ruleText", "externalId starts with '" + prefix + "' and country = 'NL'")))
                .body("errors", nullValue());
        try {
            for (String[] write : List.of(new String[] {"a", "NL"}, new String[] {"b", "NL"}, new String[] {"c", "NL"},
                    new String[] {"a", "BE"})) {
                graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c",
                        List.of(Map.of("externalId", prefix + "-" + write[0], "country", write[1]))))
                        .body("errors", nullValue());
            }
            String recent = "query($k: String!, $n: Int) { segment(key: $k) { recentChanges(first: $n) { id customerExternalId entered } } }";
            as(Roles.MARKETING).post(recent, Map.of("k", key, "n", 3)).statusCode(200).body("errors", nullValue())
                    .body("data.segment.recentChanges.customerExternalId", contains(prefix + "-a", prefix + "-c", prefix + "-b"))
                    .body("data.segment.recentChanges.entered", contains(false, true, true));
            List<String> all = graphql(recent, Map.of("k", key, "n", 20)).body("data.segment.recentChanges", hasSize(4))
                    .extract().path("data.segment.recentChanges.id");
            // the same changes as the feed's, in its order reversed
            List<String> feed = new ArrayList<>(graphql("query($k: [String!]) { membershipChanges(keys: $k, first: 100) { edges { node { id } } } }",
                    Map.of("k", List.of(key))).extract().<List<String>>path("data.membershipChanges.edges.node.id"));
            Collections.reverse(feed);
            assertEquals(feed, all);
            graphql(recent, Map.of("k", key, "n", 501)).body("data.segment", nullValue())
                    .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                    .body("errors[0].extensions.inputPath", equalTo("first"));
            as(Roles.STOREFRONT).post(recent, Map.of("k", key, "n", 3)).statusCode(200)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }
}
