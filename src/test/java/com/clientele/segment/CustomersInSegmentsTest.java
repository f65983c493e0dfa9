package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code customers(filter: {inSegment: [...]})}: the members of every listed segment (AND), with the other
 * filter fields, keyset pages and totalCount. A hand-made shop (era 1975) of five customers and two custom
 * segments that only its customers can be in:
 * <pre>
 *          country consent registered   dutch (NL)  consenting   GUEST
 *   ann    NL      yes     yes          x           x
 *   bob    NL      no      yes          x
 *   cem    BE      yes     yes                      x
 *   dora   NL      yes     no           x           x            x
 *   eli    DE      no      no                                    x
 * </pre>
 */
@QuarkusTest
class CustomersInSegmentsTest extends Pins {

    private static final String CUSTOMERS = """
            query($f: CustomerFilterInput, $first: Int, $after: String) { customers(first: $first, after: $after, filter: $f) {
              totalCount edges { node { externalId } } pageInfo { hasNextPage endCursor } } }""";
    private final ShopSegments segments = new ShopSegments();

    @AfterEach
    void deleteCreatedSegments() {
        segments.deleteAll();
    }

    @Test
    void customersInEveryListedSegmentWithTheOtherFiltersAndConsistentCounts() {
        Shop shop = shop();
        String dutch = segments.create(shop, "dutch", "country = 'NL'");
        String consenting = segments.create(shop, "consenting", "marketingConsent = true");

        assertEquals(ids(shop, "ann", "bob", "dora"), externalIds(Map.of("inSegment", List.of(dutch))));
        assertEquals(ids(shop, "ann", "dora"), externalIds(Map.of("inSegment", List.of(dutch, consenting))));
        assertEquals(ids(shop, "ann", "dora"), externalIds(Map.of("inSegment", List.of(consenting, dutch, dutch))),
                "order and repetition do not matter");
        assertEquals(ids(shop, "dora"), externalIds(Map.of("inSegment", List.of(dutch, "GUEST", consenting))),
                "built-in and custom keys together");
        assertEquals(ids(shop, "dora"), externalIds(Map.of("inSegment", List.of(dutch), "registered", false)));
        assertEquals(ids(shop, "cem"), externalIds(Map.of("inSegment", List.of(consenting), "country", "BE")));
        assertEquals(List.of(), externalIds(Map.of("inSegment", List.of(consenting), "kind", "BUSINESS")));

        query(Map.of("inSegment", List.of(dutch, consenting)), 50, null)
                .body("data.customers.totalCount", equalTo(2));
        query(Map.of("inSegment", List.of(dutch), "registered", true), 50, null)
                .body("data.customers.totalCount", equalTo(2));
    }

    @Test
    void pagesWalkTheMembersInIdOrderAndCountThemAll() {
        Shop shop = shop();
        String dutch = segments.create(shop, "dutch", "country = 'NL'");
        Map<String, Object> filter = Map.of("inSegment", List.of(dutch));
        List<String> walked = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 3; page++) {
            var r = query(filter, 1, after).body("data.customers.totalCount", equalTo(3)).extract();
            walked.addAll(r.path("data.customers.edges.node.externalId"));
            assertEquals(page < 2, (Boolean) r.path("data.customers.pageInfo.hasNextPage"));
            after = r.path("data.customers.pageInfo.endCursor");
        }
        assertEquals(ids(shop, "ann", "bob", "dora"), walked);
    }

    @Test
    void anEmptyListFiltersNothing() {
        Shop shop = shop();
        int all = query(Map.of("country", "BE"), 0, null).extract().path("data.customers.totalCount");
        query(Map.of("country", "BE", "inSegment", List.of()), 0, null).body("data.customers.totalCount", equalTo(all));
        assertEquals(true, externalIds(Map.of("country", "BE", "inSegment", List.of()), 500).contains(shop.id("cem")));
    }

    @Test
    void unknownKeysAndTooManyKeysAreRefusedWithTheirInputPath() {
        graphql(CUSTOMERS, Map.of("f", Map.of("inSegment", List.of("LOYAL", "no-such-segment", "GUEST", "NOPE"))))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("filter.inSegment[1]"))
                .body("errors[0].extensions.problems.path", contains("filter.inSegment[1]", "filter.inSegment[3]"));
        graphql(CUSTOMERS, Map.of("f", Map.of("inSegment", Collections.nCopies(21, "LOYAL"))))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("filter.inSegment"));
        graphql(CUSTOMERS, Map.of("f", Map.of("inSegment", Collections.nCopies(20, "LOYAL"))))
                .body("errors", nullValue());
    }

    private Shop shop() {
        return new Shop("1975-03-01T00:00:00Z")
                .customer("ann", "country", "NL", "marketingConsent", true)
                .customer("bob", "country", "NL")
                .customer("cem", "country", "BE", "marketingConsent", true)
                .customer("dora", "country", "NL", "marketingConsent", true, "registered", false)
                .customer("eli", "country", "DE", "registered", false)
                .save().recompute();
    }

    private static List<String> ids(Shop shop, String... names) {
        return java.util.Arrays.stream(names).map(shop::id).toList();
    }

    private static List<String> externalIds(Map<String, Object> filter) {
        return externalIds(filter, 50);
    }

    private static List<String> externalIds(Map<String, Object> filter, int first) {
        return query(filter, first, null).extract().path("data.customers.edges.node.externalId");
    }

    private static io.restassured.response.ValidatableResponse query(Map<String, Object> filter, int first, String after) {
        Map<String, Object> variables = new HashMap<>(Map.of("f", filter, "first", first));
        variables.put("after", after);
        return graphql(CUSTOMERS, variables).body("errors", nullValue());
    }
}
