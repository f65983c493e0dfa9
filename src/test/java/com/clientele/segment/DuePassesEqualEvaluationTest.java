package com.clientele.segment;

import com.clientele.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.segment.Shop.line;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The property that makes changes on the minute trustworthy: customers evaluated at T0, then left alone
 * while the clock moves 150 days to T1 with only the due-change passes running, hold exactly the
 * memberships that a full evaluation at T1 gives them. If an instant at which a rule may change were
 * missing from next_change_at, the customer would keep a stale membership and differ here. RFM groups and
 * BIG_SPENDER depend on everyone and move at full recomputes only, so they are left out. Era 1905,
 * generated histories, a custom segment with time conditions.
 */
@QuarkusTest
class DuePassesEqualEvaluationTest extends MovingClock {

    private static final Instant T0 = Instant.parse("1905-07-01T00:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofDays(150));
    private static final String MEMBERSHIPS = """
            select c.external_id, coalesce(string_agg(m.segment_key || ':' || coalesce(m.detail, ''), ',' order by m.segment_key)
                   filter (where m.segment_key not in (select segment_key from rfm_group) and m.segment_key <> 'BIG_SPENDER'), '')
                   as segments
            from customer c left join segment_membership m on m.customer_id = c.id
            where c.external_id like $1 group by c.external_id order by c.external_id""";

    @Test
    void duePassesUpToAnInstantLeaveWhatAnEvaluationThereGives() {
        startAt(T0);
        Shop shop = new Shop(T0.toString());
        String key = (shop.id("") + "timely").toLowerCase().replaceAll("[^a-z0-9]+", "-");
        Random random = new Random(7);
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            String name = "c" + c;
            customers.add(name);
            shop.customer(name, "birthDate", "190" + random.nextInt(5) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(9));
            for (int v = 0, visits = random.nextInt(5); v < visits; v++) {
                shop.visit(name, name + "-v" + v, random.nextDouble() * 60,
                        "device", random.nextBoolean() ? "MOBILE_APP" : "DESKTOP", "addedToCart", random.nextInt(3) == 0);
            }
            for (int o = 0, orders = random.nextInt(8); o < orders; o++) {
                double daysAgo = random.nextInt(3) == 0 ? random.nextDouble() * 400 : random.nextDouble() * 120;
                shop.orderWithLines(name, daysAgo, List.of(line("s", 1 + random.nextInt(3), (5 + random.nextInt(90)) + ".5",
                        "category", "cat" + random.nextInt(2))), "device", random.nextBoolean() ? "MOBILE_WEB" : "DESKTOP");
            }
        }
        shop.save();
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }", Map.of("s", Map.of("key", key,
                "name", "timely", "ruleText", "externalId starts with '" + shop.id("") + "' and (orders(in last 60 days) >= 2 "
                        + "or daysSinceLastOrder between 20 and 40 or visits(in last 14 days) >= 1 or age = 2)")))
                .body("errors", nullValue());
        try {
            Map<String, String> atT0 = memberships(shop);
            TestClock.set(T1);
            int evaluated = due.run().await().indefinitely();
            Map<String, String> byPasses = memberships(shop);
            shop.recompute(); // pins asOf at the shop's instant: T0 ...
            graphql("mutation($at: DateTime) { recomputeSegments(asOf: $at) { customers } }", Map.of("at", T1.toString()))
                    .body("errors", nullValue()); // ... and this evaluates everyone at T1
            Map<String, String> atT1 = memberships(shop);
            assertEquals(customers.size(), atT1.size());
            assertEquals(atT1, byPasses);
            assertTrue(evaluated > customers.size(), "the passes evaluated " + evaluated);
            assertTrue(!atT0.equals(atT1), "time must have moved memberships");
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    private Map<String, String> memberships(Shop shop) {
        Map<String, String> state = new TreeMap<>();
        pool.preparedQuery(MEMBERSHIPS).execute(Tuple.of(shop.id("%"))).await().indefinitely()
                .forEach(r -> state.put(r.getString("external_id"), r.getString("segments")));
        return state;
    }
}
