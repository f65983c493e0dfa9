package com.clientele.segment;

import com.clientele.GraphQLClient;
import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.clientele.segment.Shop.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Writers that touch the same customers at the same time are as correct as if they had run one after
 * another: eight writers, twenty customers, batches in random orders (the ones that used to deadlock),
 * identical replays racing each other, cancellations and upserts. Afterwards every metric and
 * membership equals what a full recompute computes, and no request failed.
 */
@QuarkusTest
class ConcurrentWritesTest extends Pins {

    private static final int WRITERS = 8;
    private static final int CUSTOMERS = 20;
    private static final int ROUNDS = 12;
    private static final String PURCHASES = "mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id externalId } }";
    private static final String VISITS = "mutation($v: [VisitInput!]!) { recordVisits(visits: $v) { id } }";
    private static final String UPSERT = "mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }";
    private static final String CANCEL = "mutation($e: String!) { cancelPurchase(externalId: $e) { id } }";

    @Test
    void eightWritersOnTwentyCustomersLeaveWhatAFullRecomputeComputes() throws Exception {
        Shop shop = new Shop("1950-01-01T00:00:00Z"); // an era of its own
        for (int c = 0; c < CUSTOMERS; c++) {
            shop.customer("c" + c);
        }
        shop.save().recompute(); // pins asOf: every incremental refresh below evaluates there
        CyclicBarrier together = new CyclicBarrier(WRITERS);
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(executor.submit((Callable<Void>) () -> {
                write(shop, writer, together, failures);
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        executor.shutdown();
        assertEquals(List.of(), failures, "every concurrent write succeeds");

        Map<String, String> incremental = SegmentState.of(pool, shop);
        assertEquals(CUSTOMERS, incremental.size());
        shop.recompute();
        assertEquals(SegmentState.of(pool, shop), incremental);
        long orders = pool.preparedQuery("""
                select count(*) from purchase p join customer c on c.id = p.customer_id
                where c.external_id like $1 and p.cancelled_at is null""").execute(Tuple.of(shop.id("%")))
                .await().indefinitely().iterator().next().getLong(0);
        long counted = pool.preparedQuery("""
                select sum(order_count) from customer_metrics m join customer c on c.id = m.customer_id
                where c.external_id like $1""").execute(Tuple.of(shop.id("%")))
                .await().indefinitely().iterator().next().getLong(0);
        assertEquals(orders, counted);
        assertFalse(incremental.values().stream().allMatch(s -> s.startsWith("PROSPECT")), "the writes must count");
    }

    /** One writer: each round the writers start together; what each round does is drawn from its seed. */
    private static void write(Shop shop, int writer, CyclicBarrier together, List<String> failures) throws Exception {
        Random random = new Random(writer);
        GraphQLClient ingest = GraphQLClient.as(Roles.INGEST);
        List<String> mine = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            together.await();
            List<Integer> customers = shuffled(random);
            switch (round % 4) {
                case 0 -> { // a batch over many customers, in this writer's order: lock order is the service's
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        String id = shop.id("w" + writer + "r" + round + "p" + i);
                        mine.add(id);
                        batch.add(purchase(shop, id, customers.get(i), 10 + random.nextInt(300), random));
                    }
                    check(ingest.post(PURCHASES, Map.of("p", batch)), failures, "purchases");
                }
                case 1 -> { // the same new batch from every writer at once: one stores it, the others replay it
                    List<Map<String, Object>> shared = new ArrayList<>();
                    Random same = new Random(round);
                    for (int i = 0; i < 4; i++) {
                        shared.add(purchase(shop, shop.id("shared-r" + round + "p" + i), i * 5 + same.nextInt(5),
                                5 + same.nextInt(50), same));
                    }
                    check(ingest.post(PURCHASES, Map.of("p", shared)), failures, "identical replay");
                }
                case 2 -> { // visits, and a cancellation of one of this writer's purchases
                    List<Map<String, Object>> visits = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        Map<String, Object> v = new HashMap<>();
                        v.put("externalId", shop.id("w" + writer + "r" + round + "v" + i));
                        v.put("customerExternalId", shop.id("c" + customers.get(i)));
                        v.put("startedAt", shop.ago(random.nextDouble() * 40));
                        v.put("device", random.nextBoolean() ? "MOBILE_APP" : "DESKTOP");
                        v.put("addedToCart", random.nextInt(3) == 0);
                        visits.add(v);
                    }
                    check(ingest.post(VISITS, Map.of("v", visits)), failures, "visits");
                    check(ingest.post(CANCEL, Map.of("e", mine.get(random.nextInt(mine.size())))), failures, "cancel");
                }
                default -> { // upserts that change what segments depend on
                    List<Map<String, Object>> upserts = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        Map<String, Object> c = new HashMap<>();
                        c.put("externalId", shop.id("c" + customers.get(i)));
                        c.put("kind", random.nextInt(4) == 0 ? "BUSINESS" : "CONSUMER");
                        c.put("registered", random.nextBoolean());
                        upserts.add(c);
                    }
                    check(ingest.post(UPSERT, Map.of("c", upserts)), failures, "upsert");
                }
            }
        }
    }

    @Test
    void concurrentUpsertsOfTheSameNewCustomersAllSucceed() throws Exception {
        String prefix = GraphQLClient.unique("race");
        CyclicBarrier together = new CyclicBarrier(WRITERS);
        List<String> failures = new CopyOnWriteArrayList<>();
        List<List<String>> ids = new CopyOnWriteArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Random random = new Random(w);
            writers.add(executor.submit((Callable<Void>) () -> {
                List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
                Collections.shuffle(order, random);
                List<Map<String, Object>> batch = new ArrayList<>();
                order.forEach(i -> batch.add(Map.of("externalId", prefix + "-" + i)));
                together.await();
                var response = GraphQLClient.as(Roles.INGEST).post(UPSERT, Map.of("c", batch)).extract();
                check(response, failures, "upsert");
                List<String> returned = response.path("data.upsertCustomers.id");
                Map<Integer, String> byCustomer = new HashMap<>();
                for (int i = 0; i < order.size(); i++) {
                    byCustomer.put(order.get(i), returned.get(i));
                }
                ids.add(new java.util.TreeMap<>(byCustomer).values().stream().toList());
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        executor.shutdown();
        assertEquals(List.of(), failures);
        assertEquals(1, ids.stream().distinct().count(), "every request names the same customers");
    }

    private static Map<String, Object> purchase(Shop shop, String id, int customer, int price, Random random) {
        Map<String, Object> p = new HashMap<>();
        p.put("externalId", id);
        p.put("customerExternalId", shop.id("c" + customer));
        p.put("orderedAt", shop.ago(random.nextDouble() * 400));
        p.put("currency", "EUR");
        p.put("device", random.nextBoolean() ? "MOBILE_WEB" : "DESKTOP");
        p.put("lines", List.of(line("s" + random.nextInt(3), 1 + random.nextInt(12), price + ".25",
                "category", "cat" + random.nextInt(2))));
        return p;
    }

    private static List<Integer> shuffled(Random random) {
        List<Integer> customers = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            customers.add(c);
        }
        Collections.shuffle(customers, random);
        return customers;
    }

    private static void check(ExtractableResponse<Response> response, List<String> failures, String what) {
        if (response.statusCode() != 200 || response.path("errors") != null) {
            failures.add(what + ": HTTP " + response.statusCode() + " " + response.asString());
        }
    }

    private static void check(io.restassured.response.ValidatableResponse response, List<String> failures, String what) {
        check(response.extract(), failures, what);
    }
}
