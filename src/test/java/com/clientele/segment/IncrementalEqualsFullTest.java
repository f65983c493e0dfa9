package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.segment.Shop.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The property that makes incremental maintenance trustworthy: on generated histories written through
 * the API in several batches (each batch maintained incrementally), a full recompute at the same asOf
 * changes no metric and no membership. RFM groups and BIG_SPENDER depend on everyone (cut-points and a
 * percentile refreshed by full runs) and are covered by RfmScoringTest instead. Two custom segments are
 * present, one naming the other. One era per seed.
 */
@QuarkusTest
class IncrementalEqualsFullTest extends Pins {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aFullRecomputeChangesNothingThatIncrementalMaintenanceComputed(int seed) {
        Random random = new Random(seed);
        Shop shop = new Shop((1960 + 5 * seed) + "-01-01T00:00:00Z"); // eras far from every other test's data
        shop.recompute(); // pins asOf: the incremental updates below evaluate there
        List<String> custom = customSegments(shop, seed);
        try {
            writeAndCompare(shop, seed, random);
        } finally {
            for (int i = custom.size() - 1; i >= 0; i--) { // the second names the first
                graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", custom.get(i)));
            }
        }
    }

    /**
     * Three custom segments over this shop's customers, the second naming the first and a built-in, with
     * aggregates under filters: maintained on every write like the built-ins, so in the comparison too.
     */
    private static List<String> customSegments(Shop shop, int seed) {
        String scope = "externalId starts with '" + shop.id("") + "'";
        String first = "incremental-" + seed + "-" + Math.abs(shop.id("").hashCode()) + "-a";
        String second = "incremental-" + seed + "-" + Math.abs(shop.id("").hashCode()) + "-b";
        String create = "mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }";
        graphql(create, Map.of("s", Map.of("key", first, "name", "a", "ruleText", scope
                + " and (orders(in last 90 days, device in ('MOBILE_WEB', 'TABLET')) >= 1 or spend(category = 'cat1') > 150)")))
                .body("errors", nullValue());
        graphql(create, Map.of("s", Map.of("key", second, "name", "b", "ruleText", "(inSegment('" + first
                + "') and not inSegment('LOYAL')) or (" + scope + " and lifecycle = 'PROSPECT' and visits(in last 30 days, "
                + "addedToCart = true) >= 1)"))).body("errors", nullValue());
        // a third beside the first, so that a refresh of a few customers evaluates several segments, with values
        // and lists of values each, in its one statement (custom_segment_rank)
        String third = "incremental-" + seed + "-" + Math.abs(shop.id("").hashCode()) + "-c";
        graphql(create, Map.of("s", Map.of("key", third, "name", "c", "ruleText", scope
                + " and (lifecycle in ('LOYAL', 'REGULAR', 'OCCASIONAL') or orders(in last 365 days, source in "
                + "('SOCIAL', 'EMAIL')) >= 2)"))).body("errors", nullValue());
        return List.of(first, second, third);
    }

    private void writeAndCompare(Shop shop, int seed, Random random) {
        List<String> customers = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            Shop writes = new Shop((1960 + 5 * seed) + "-01-01T00:00:00Z").sharing(shop);
            for (int c = 0; c < 12; c++) {
                String name = "c" + batch + "-" + c;
                customers.add(name);
                writes.customer(name, "kind", random.nextInt(8) == 0 ? "BUSINESS" : "CONSUMER",
                        "registered", random.nextInt(5) != 0,
                        "acquisitionSource", random.nextInt(6) == 0 ? "SOCIAL" : "DIRECT");
                int visits = random.nextInt(6);
                for (int v = 0; v < visits; v++) {
                    writes.visit(name, name + "-v" + v, random.nextDouble() * 120,
                            "device", random.nextBoolean() ? "MOBILE_APP" : "DESKTOP", "addedToCart", random.nextInt(3) == 0);
                }
                int orders = random.nextInt(9);
                for (int o = 0; o < orders; o++) {
                    double daysAgo = random.nextInt(4) == 0 ? random.nextDouble() * 800 : random.nextDouble() * 200;
                    List<Map<String, Object>> lines = new ArrayList<>();
                    for (int l = 0; l <= random.nextInt(3); l++) {
                        lines.add(line("s" + l, 1 + random.nextInt(random.nextInt(10) == 0 ? 20 : 3),
                                (1 + random.nextInt(200)) + ".5", "category", "cat" + random.nextInt(3),
                                "onPromotion", random.nextInt(5) == 0));
                    }
                    Object[] fields = visits > 0 && random.nextBoolean()
                            ? new Object[] {"device", random.nextBoolean() ? "MOBILE_WEB" : "TABLET", "source",
                                    random.nextInt(3) == 0 ? "SOCIAL" : "EMAIL", "visitExternalId", name + "-v0"}
                            : new Object[] {"source", random.nextInt(3) == 0 ? "SOCIAL" : "DIRECT"};
                    writes.orderWithLines(name, daysAgo, lines, fields);
                }
            }
            writes.save();
        }
        // one cancellation, also maintained incrementally
        graphql("mutation($e: String!) { cancelPurchase(externalId: $e) { externalId } }", Map.of("e", shop.id("p1")));

        Map<String, String> incremental = state(shop);
        assertEquals(customers.size(), incremental.size());
        shop.recompute();
        Map<String, String> full = state(shop);
        assertEquals(full, incremental);
        assertFalse(full.values().stream().allMatch(s -> s.startsWith("PROSPECT")), "the data must exercise the rules");
        assertTrue(full.values().stream().anyMatch(s -> s.contains("incremental-")), "the custom segments must have members");
    }

    private Map<String, String> state(Shop shop) {
        return SegmentState.of(pool, shop);
    }
}
