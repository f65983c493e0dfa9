package com.clientele.blackbox;

import com.clientele.security.Roles;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the packaged service starts and stops: it refuses to start without a way to verify tokens,
 * warns when authentication is switched off, drains the requests in flight on SIGTERM and exits,
 * and loses no acknowledged write when it is killed outright.
 */
class LifecycleIT {

    @Test
    void itRefusesToStartWithoutATokenKeyOrWithAShortOne() throws Exception {
        BlackBox box = BlackBox.get();
        Map<String, String> none = new HashMap<>();
        none.put("CLIENTELE_JWT_SECRET", null);
        refused(PackagedService.launch("no-key", box.directUrl(), none), "CLIENTELE_JWT_SECRET");
        refused(PackagedService.launch("short-key", box.directUrl(), Map.of("CLIENTELE_JWT_SECRET", "too-short")),
                "shorter than 32 bytes");
    }

    private static void refused(PackagedService service, String reason) throws Exception {
        assertTrue(service.process.waitFor(90, TimeUnit.SECONDS), service.name + " should have exited");
        assertNotEquals(0, service.process.exitValue(), service.name);
        assertTrue(service.logText().contains(reason), service.name + " says why:\n" + service.logTail());
    }

    @Test
    void withAuthenticationSwitchedOffItServesWithoutTokensAndSaysSoLoudly() throws Exception {
        BlackBox box = BlackBox.get();
        Map<String, String> env = new HashMap<>();
        env.put("CLIENTELE_AUTH_ENABLED", "false");
        env.put("CLIENTELE_JWT_SECRET", null);
        try (PackagedService open = PackagedService.start("auth-off", box.directUrl(), env)) {
            assertTrue(open.logText().contains("AUTHENTICATION IS OFF"), open.logTail());
            HttpResponse<String> response = open.post(new JsonObject().put("query", "{ segmentSettings { window } }").encode(),
                    Map.of("Content-Type", "application/json"));
            assertEquals(200, response.statusCode(), response.body());
            assertFalse(response.body().contains("errors"), response.body());
        }
    }

    @Test
    void tokensSignedWithAPrivateKeyAreVerifiedWithThePublicKeyLocation() throws Exception {
        BlackBox box = BlackBox.get();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path publicKey = Path.of("target", "black-box", "public-key.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Map<String, String> env = new HashMap<>();
        env.put("CLIENTELE_JWT_SECRET", null);
        env.put("CLIENTELE_JWT_PUBLIC_KEY_LOCATION", publicKey.toAbsolutePath().toString());
        env.put("CLIENTELE_JWT_ISSUER", "https://issuer.example.com");
        try (PackagedService service = PackagedService.start("public-key", box.directUrl(), env)) {
            String signed = Jwt.issuer("https://issuer.example.com").upn("rsa").groups(Set.of(Roles.MARKETING))
                    .expiresIn(Duration.ofMinutes(10)).sign(keys.getPrivate());
            String body = new JsonObject().put("query", "{ segments(family: LIFECYCLE) { key } }").encode();
            HttpResponse<String> accepted = service.post(body, Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + signed));
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertFalse(accepted.body().contains("errors"), accepted.body());
            String hmac = com.clientele.Tokens.signed("some-secret-some-secret-some-secret-12", "https://issuer.example.com",
                    Duration.ofMinutes(10), Roles.ADMIN);
            assertEquals(401, service.post(body, Map.of("Content-Type", "application/json", "Authorization",
                    "Bearer " + hmac)).statusCode(), "a token not signed with the configured key is refused");
        }
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishThenTheServiceExits() throws Exception {
        BlackBox box = BlackBox.get();
        try (TcpProxy slow = new TcpProxy(box.postgres.getPort())) {
            PackagedService service = PackagedService.start("sigterm", BlackBox.proxiedUrl(slow), Map.of());
            slow.delay(700); // a round trip to the database now takes 1.4 s
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return service.graphql(Roles.ADMIN, "{ segmentSettings { window } }", Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(400);
            long terminated = System.nanoTime();
            service.process.destroy(); // SIGTERM
            HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(365, new JsonObject(response.body()).getJsonObject("data").getJsonObject("segmentSettings")
                    .getInteger("window"));
            assertTrue(service.process.waitFor(20, TimeUnit.SECONDS), "exits after the drain:\n" + service.logTail());
            System.out.printf("SIGTERM: request in flight answered, process exited %d ms after SIGTERM (exit code %d)%n",
                    (System.nanoTime() - terminated) / 1_000_000, service.process.exitValue());
        }
    }

    @Test
    void killedMidIngestItLosesNoAcknowledgedWrite() throws Exception {
        BlackBox box = BlackBox.get();
        PackagedService first = PackagedService.start("killed", box.directUrl(), Map.of());
        assertEquals(200, first.graphql(Roles.ADMIN, "mutation { upsertCustomers(customers: [{externalId: \"killed-c\"}]) { id } }",
                Map.of()).statusCode());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> attempted = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int n = 0; running.get(); n++) {
                String id = "killed-p-" + n;
                synchronized (attempted) {
                    attempted.add(id);
                }
                try {
                    HttpResponse<String> r = first.graphql(Roles.INGEST, RECORD, Map.of("p", List.of(purchase(id))));
                    if (r.statusCode() == 200 && !r.body().contains("\"errors\"")) {
                        acknowledged.add(id);
                    }
                } catch (Exception e) {
                    return; // the service is gone
                }
            }
        });
        writer.start();
        Thread.sleep(1_500);
        first.process.destroyForcibly().waitFor(); // SIGKILL in the middle of the writes
        running.set(false);
        writer.join();

        try (var sql = box.sql(); var query = sql.prepareStatement(
                "select count(*) from purchase where external_id = any(?)")) {
            query.setArray(1, sql.createArrayOf("text", acknowledged.toArray()));
            var rows = query.executeQuery();
            rows.next();
            assertEquals(acknowledged.size(), rows.getInt(1), "every acknowledged write survived the kill");
        }
        try (PackagedService second = PackagedService.start("restarted", box.directUrl(), Map.of())) {
            for (String id : attempted) { // a client retries what it did not see acknowledged; replays are harmless
                HttpResponse<String> r = second.graphql(Roles.INGEST, RECORD, Map.of("p", List.of(purchase(id))));
                assertEquals(200, r.statusCode(), r.body());
                assertFalse(r.body().contains("\"errors\""), r.body());
            }
            try (var sql = box.sql(); var query = sql.prepareStatement(
                    "select count(*), count(distinct external_id) from purchase where external_id like 'killed-p-%'")) {
                var rows = query.executeQuery();
                rows.next();
                assertEquals(attempted.size(), rows.getInt(1), "every write stored exactly once");
                assertEquals(attempted.size(), rows.getInt(2));
            }
            System.out.printf("SIGKILL mid-ingest: %d acknowledged, %d attempted, all stored exactly once after retries%n",
                    acknowledged.size(), attempted.size());
            assertTrue(acknowledged.size() > 5, "writes were acknowledged before the kill");
        }
    }

    private static final String RECORD = "mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }";

    private static Map<String, Object> purchase(String id) {
        return Map.of("externalId", id, "customerExternalId", "killed-c", "orderedAt", "2026-04-01T10:00:00Z",
                "currency", "EUR", "lines", List.of(Map.of("sku", "a", "quantity", 1, "unitPrice", "3")));
    }
}
