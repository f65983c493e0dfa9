package com.clientele.blackbox;

import com.clientele.security.Roles;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away under load and comes back, or turns slow, through a TCP proxy the test
 * controls. Requests that cannot be served say UNAVAILABLE with 503 and Retry-After, readiness goes
 * DOWN and UP again, the service recovers without a restart, and no acknowledged write is lost or
 * stored twice.
 */
class DatabaseFaultsIT {

    private static final String RECORD = "mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }";
    private static final String READ = "query($e: String!) { customerSegments(externalId: $e) }";
    private static BlackBox box;

    @BeforeAll
    static void customers() throws Exception {
        box = BlackBox.get();
        List<Map<String, Object>> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            customers.add(Map.of("externalId", "fault-" + i));
        }
        HttpResponse<String> response = box.service.graphql(Roles.ADMIN,
                "mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c", customers));
        assertEquals(200, response.statusCode(), response.body());
    }

    @AfterEach
    void restore() {
        box.proxy.delay(0);
        box.proxy.restore();
    }

    @Test
    void anOutageIsUnavailableThenHealsWithoutRestartAndLosesNoAcknowledgedWrite() throws Exception {
        Writer writer = new Writer();
        Thread thread = new Thread(writer, "fault-writer");
        thread.start();
        Thread.sleep(1_000);

        box.proxy.cut();
        long cutAt = System.nanoTime();
        HttpResponse<String> read = awaitStatus(503, READ);
        JsonObject error = new JsonObject(read.body()).getJsonArray("errors").getJsonObject(0);
        assertEquals("UNAVAILABLE", error.getJsonObject("extensions").getString("code"), read.body());
        assertTrue(read.headers().firstValue("Retry-After").isPresent(), "Retry-After is set");
        assertTrue(awaitHealth(503), "readiness reports DOWN while the database is away");
        System.out.printf("database cut: UNAVAILABLE after %d ms%n", (System.nanoTime() - cutAt) / 1_000_000);
        Thread.sleep(1_500);

        box.proxy.restore();
        long restoredAt = System.nanoTime();
        awaitStatus(200, READ);
        long recovery = (System.nanoTime() - restoredAt) / 1_000_000;
        assertTrue(awaitHealth(200), "readiness reports UP again");
        System.out.printf("database back: first answer after %d ms, readiness UP after %d ms%n", recovery,
                (System.nanoTime() - restoredAt) / 1_000_000);
        assertTrue(recovery < 1_000, "served again within a second of the database returning: " + recovery + " ms");
        Thread.sleep(1_000);
        writer.running.set(false);
        thread.join();
        assertEquals(null, writer.unexpected);

        System.out.printf("writes: %d acknowledged, %d refused during the outage%n", writer.acknowledged.size(),
                writer.refused.get());
        assertTrue(writer.refused.get() > 0, "the outage was felt by the writer");
        assertTrue(writer.acknowledged.size() > 10, "writes went through before and after the outage");
        Map<String, Integer> stored = stored(writer.attempted);
        for (String id : writer.acknowledged) {
            assertEquals(1, stored.getOrDefault(id, 0), id + " was acknowledged and must be stored exactly once");
        }
        // what was not acknowledged may or may not have committed: retrying makes it stored exactly once
        for (String id : writer.attempted) {
            if (!writer.acknowledged.contains(id)) {
                HttpResponse<String> retry = box.service.graphql(Roles.INGEST, RECORD, Map.of("p", List.of(purchase(id))));
                assertEquals(200, retry.statusCode(), retry.body());
                assertTrue(!retry.body().contains("\"errors\""), retry.body());
            }
        }
        assertEquals(writer.attempted.size(), stored(writer.attempted).values().stream().filter(n -> n == 1).count());
    }

    @Test
    void aSlowDatabaseRunsIntoTheRequestDeadline() throws Exception {
        box.proxy.delay(4_000); // longer than the service's 3 s request timeout
        long started = System.nanoTime();
        HttpResponse<String> response = box.service.graphql(Roles.ADMIN, READ, Map.of("e", "fault-1"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        box.proxy.delay(0);
        assertEquals(503, response.statusCode(), response.body());
        JsonObject extensions = new JsonObject(response.body()).getJsonArray("errors").getJsonObject(0).getJsonObject("extensions");
        assertEquals("UNAVAILABLE", extensions.getString("code"));
        assertEquals("TIMEOUT", extensions.getString("reason"));
        assertTrue(millis >= 2_900 && millis < 6_000, "answered at the deadline: " + millis + " ms");
        awaitStatus(200, READ);
    }

    private static HttpResponse<String> awaitStatus(int status, String query) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = box.service.graphql(Roles.STOREFRONT, query, Map.of("e", "fault-1"));
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no HTTP " + status + "; last: " + (last == null ? null : last.statusCode() + " " + last.body()));
    }

    private static boolean awaitHealth(int status) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (box.service.get("/q/health/ready").statusCode() == status) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static Map<String, Integer> stored(Set<String> ids) throws Exception {
        Map<String, Integer> counts = new java.util.HashMap<>();
        try (Connection sql = box.sql(); PreparedStatement query = sql.prepareStatement(
                "select external_id, count(*) from purchase where external_id = any(?) group by external_id")) {
            query.setArray(1, sql.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    private static Map<String, Object> purchase(String id) {
        int customer = Math.abs(id.hashCode()) % 10;
        return Map.of("externalId", id, "customerExternalId", "fault-" + customer, "orderedAt", "2026-03-01T10:00:00Z",
                "currency", "EUR", "lines", List.of(Map.of("sku", "a", "quantity", 1, "unitPrice", "2.5")));
    }

    /** Records one purchase a request as fast as it can; remembers what was acknowledged. */
    private static final class Writer implements Runnable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final Set<String> attempted = ConcurrentHashMap.newKeySet();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger refused = new AtomicInteger();
        volatile String unexpected;

        @Override
        public void run() {
            int n = 0;
            while (running.get()) {
                String id = "fault-p-" + (n++);
                attempted.add(id);
                try {
                    HttpResponse<String> response = box.service.graphql(Roles.INGEST, RECORD, Map.of("p", List.of(purchase(id))));
                    if (response.statusCode() == 200 && !response.body().contains("\"errors\"")) {
                        acknowledged.add(id);
                    } else {
                        refused.incrementAndGet();
                        String code = new JsonObject(response.body()).getJsonArray("errors").getJsonObject(0)
                                .getJsonObject("extensions").getString("code");
                        if (!"UNAVAILABLE".equals(code) && unexpected == null) {
                            unexpected = "a write during the outage got " + code + ": " + response.body();
                        }
                    }
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
            }
        }
    }
}
