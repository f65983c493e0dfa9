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

/**
 * The property that makes incremental maintenance trustworthy: on generated histories written through
 * the API in several batches (each batch maintained incrementally), a full recompute at the same asOf
 * changes no metric and no membership. RFM groups and BIG_SPENDER depend on everyone (cut-points and a
 * percentile refreshed by full runs) and are covered by RfmScoringTest instead. One era per seed.
 */
@QuarkusTest
class IncrementalEqualsFullTest extends Pins {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aFullRecomputeChangesNothingThatIncrementalMaintenanceComputed(int seed) {
        Random random = new Random(seed);
        Shop shop = new Shop((1960 + 5 * seed) + "-01-01T00:00:00Z"); // eras far from every other test's data
        shop.recompute(); // pins asOf: the incremental updates below evaluate there
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
    }

    private Map<String, String> state(Shop shop) {
        return SegmentState.of(pool, shop);
    }
}
