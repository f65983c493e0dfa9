package com.clientele.blackbox;

import com.clientele.security.Roles;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service under a 256 MB heap, with customers whose records are as large as the input
 * rules allow, receives hostile requests of at most 10 KB, one at a time and many at once. No request
 * may take it over its heap or over 2 s of CPU, and its health check keeps answering throughout.
 */
class HostileRequestsIT {

    private static final int CUSTOMERS = 300;
    private static final long MAX_CPU_MILLIS = 2_000;
    private static final long MAX_HEALTH_MILLIS = 1_000;
    private static BlackBox box;

    @BeforeAll
    static void largeCustomers() throws Exception {
        box = BlackBox.get();
        String text = "x".repeat(990);
        for (int batch = 0; batch < CUSTOMERS / 100; batch++) {
            List<Map<String, Object>> customers = new ArrayList<>();
            List<Map<String, Object>> purchases = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String id = "hostile-" + batch + "-" + i;
                List<Map<String, Object>> attributes = new ArrayList<>();
                for (int a = 0; a < 10; a++) {
                    attributes.add(Map.of("key", "a" + a, "text", text));
                }
                customers.add(Map.of("externalId", id, "name", "n".repeat(200), "email", "e".repeat(300) + "@example.nl",
                        "city", "c".repeat(200), "attributes", attributes));
                for (int p = 0; p < 3; p++) {
                    List<Map<String, Object>> lines = new ArrayList<>();
                    for (int l = 0; l < 40; l++) {
                        lines.add(Map.of("sku", "s".repeat(100) + l, "category", "k".repeat(100), "quantity", 1, "unitPrice", "1.5"));
                    }
                    purchases.add(Map.of("externalId", id + "-p" + p, "customerExternalId", id,
                            "orderedAt", "2026-0" + (p + 1) + "-01T10:00:00Z", "currency", "EUR", "lines", lines));
                }
            }
            assertOk(box.service.graphql(Roles.ADMIN, "mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                    Map.of("c", customers)));
            assertOk(box.service.graphql(Roles.ADMIN, "mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }",
                    Map.of("p", purchases)));
        }
    }

    @Test
    void everyHostileRequestIsBoundedAndTheServiceKeepsAnswering() throws Exception {
        Map<String, String> hostile = hostileDocuments();
        HealthWatch watch = HealthWatch.start(box.service);
        List<String> report = new ArrayList<>();
        try {
            for (Map.Entry<String, String> request : hostile.entrySet()) {
                assertTrue(request.getValue().length() <= 10_240, request.getKey() + " is over 10 KB");
                long cpu = box.service.cpuMillis();
                long started = System.nanoTime();
                HttpResponse<String> response = box.service.post(new JsonObject().put("query", request.getValue()).encode(),
                        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + box.service.token(Roles.ADMIN)));
                long wall = (System.nanoTime() - started) / 1_000_000;
                long used = box.service.cpuMillis() - cpu;
                report.add(String.format("%-28s HTTP %d, %5d ms, %5d ms CPU, %7d bytes", request.getKey(),
                        response.statusCode(), wall, used, response.body().length()));
                assertTrue(used < MAX_CPU_MILLIS, request.getKey() + " took " + used + " ms of CPU");
                assertFalse(response.statusCode() >= 500, request.getKey() + ": HTTP " + response.statusCode());
                assertFalse(response.body().contains("\"INTERNAL\""), request.getKey() + ": " + response.body());
            }
        } finally {
            watch.stop();
        }
        report.forEach(System.out::println);
        System.out.println("health check: " + watch.checks.get() + " answers, slowest " + watch.slowest.get() + " ms");
        assertTrue(box.service.process.isAlive(), "the service survived:\n" + box.service.logTail());
        assertEquals(0, watch.failures.get(), "every health check answered");
        assertTrue(watch.slowest.get() < MAX_HEALTH_MILLIS, "health answered within a second, slowest " + watch.slowest.get());
    }

    @Test
    void manyOfTheHeaviestAllowedRequestsAtOnceLeaveItResponsive() throws Exception {
        // each at the edge of the limits: many fields of large values; the response budget stops the largest
        List<String> heavy = List.of(
                "{ customers(first: 500) { edges { node { externalId email name city attributes { key text } } } } }",
                "{ customers(first: 40) { edges { node { externalId purchases(first: 3) { edges { node { lines { sku category amount } } } } } } } }",
                "{ a: customers(first: 300) { edges { node { name email city } } } b: customers(first: 300) { edges { node { attributes { text } } } } }");
        HealthWatch watch = HealthWatch.start(box.service);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        int shed = 0;
        try {
            for (int i = 0; i < 48; i++) {
                String query = heavy.get(i % heavy.size());
                responses.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return box.service.post(new JsonObject().put("query", query).encode(), Map.of("Content-Type",
                                "application/json", "Authorization", "Bearer " + box.service.token(Roles.MARKETING)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, clients));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                // answered, or shed (503 UNAVAILABLE: too much in flight, or past the deadline): never a fault
                HttpResponse<String> r = response.join();
                String head = r.body().substring(0, Math.min(500, r.body().length()));
                if (r.statusCode() == 503) {
                    shed++;
                    assertTrue(r.body().contains("\"BUSY\"") || r.body().contains("\"TIMEOUT\""), head);
                    assertTrue(r.headers().firstValue("Retry-After").isPresent());
                } else {
                    assertEquals(200, r.statusCode(), head);
                }
                assertFalse(r.body().contains("\"INTERNAL\""), head);
            }
        } finally {
            watch.stop();
            clients.shutdown();
        }
        System.out.println("under load: " + shed + " of " + responses.size() + " shed; health check: "
                + watch.checks.get() + " answers, slowest " + watch.slowest.get() + " ms");
        assertTrue(box.service.process.isAlive(), "the service survived:\n" + box.service.logTail());
        assertEquals(0, watch.failures.get());
        // the two cores serialize megabytes of JSON meanwhile: within the liveness probe's 3 s timeout
        assertTrue(watch.slowest.get() < 3 * MAX_HEALTH_MILLIS, "health answered under load, slowest " + watch.slowest.get());
    }

    /** Each at most 10 KB: the 356-byte query, floods, bombs, deep and wide documents. */
    static Map<String, String> hostileDocuments() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("heap-exhausting query", "{ customers(first:500){ edges { node { purchases(first:500){ edges { node {"
                + " lines { sku } } } } visits { edges { node { id } } } metrics { orderCount } segments { key } } } } }");
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; aliases.length() < 9_000; i++) {
            aliases.append(" a").append(i).append(": customers(first: 500) { totalCount }");
        }
        documents.put("alias flood", aliases.append(" }").toString());
        documents.put("field repeated", "{" + " __typename".repeat(900) + " }");
        StringBuilder bomb = new StringBuilder("query { ...F9 }\nfragment F0 on Query { customers(first: 500) { totalCount } }\n");
        for (int k = 1; k <= 9; k++) {
            bomb.append("fragment F").append(k).append(" on Query { ").append(("...F" + (k - 1) + " ").repeat(10)).append("}\n");
        }
        documents.put("fragment bomb", bomb.toString());
        documents.put("deep nesting", "{ customers { edges { node { segments { segment { members { edges { node {".repeat(3)
                + " id " + "} } } } } } } }".repeat(3) + " }");
        documents.put("many tokens", "{ customers(first: 1) { edges { node { externalId" + " ,".repeat(4_500) + " } } } }");
        documents.put("wide selection", "{ customers(first: 500) { edges { node { externalId kind country gender registered"
                + " email name city birthDate attributes { key text number flag } metrics { orderCount totalSpend topCategory }"
                + " segments { key since detail } } } } }");
        documents.put("introspection", INTROSPECTION);
        documents.put("unterminated string", "{ customerSegments(externalId: \"" + "x".repeat(9_000));
        documents.put("deep list literal", "{ customerSegments(externalId: " + "[".repeat(2_000) + "\"x\"" + "]".repeat(2_000) + ") }");
        return documents;
    }

    /** GraphiQL's introspection query (as admin: the only role allowed to introspect). */
    private static final String INTROSPECTION = """
            query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
              types { ...FullType } directives { name description locations args { ...InputValue } } } }
            fragment FullType on __Type { kind name description
              fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
              inputFields { ...InputValue } interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
            fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
            fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
              kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }""";

    private static void assertOk(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertFalse(response.body().contains("\"errors\""), response.body());
    }

    /** Asks /q/health/live every 50 ms from its own thread, and records the slowest answer. */
    static final class HealthWatch {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong slowest = new AtomicLong();
        final AtomicLong checks = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        private Thread thread;

        static HealthWatch start(PackagedService service) {
            HealthWatch watch = new HealthWatch();
            watch.thread = new Thread(() -> {
                while (watch.running.get()) {
                    long started = System.nanoTime();
                    try {
                        if (service.get("/q/health/live").statusCode() != 200) {
                            watch.failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        watch.failures.incrementAndGet();
                    }
                    watch.slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                    watch.checks.incrementAndGet();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "health-watch");
            watch.thread.start();
            return watch;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
