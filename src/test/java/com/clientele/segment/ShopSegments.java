package com.clientele.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.nullValue;

/**
 * Custom segments that only one {@link Shop}'s customers can be in (the rule starts with its external-id
 * prefix), created through the API and deleted again after the test.
 */
final class ShopSegments {

    private final List<String> created = new ArrayList<>();

    /** Creates the segment {@code <shop prefix>-<name>} of the shop's customers the rule selects; returns its key. */
    String create(Shop shop, String name, String rule) {
        String key = (shop.id("") + name).toLowerCase().replaceAll("[^a-z0-9]+", "-");
        String scoped = "externalId starts with '" + shop.id("") + "'" + (rule == null ? "" : " and " + rule);
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }",
                Map.of("s", Map.of("key", key, "name", name, "ruleText", scoped)))
                .body("errors", nullValue());
        created.add(key);
        return key;
    }

    void deleteAll() {
        created.forEach(key -> graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key)));
        created.clear();
    }
}
