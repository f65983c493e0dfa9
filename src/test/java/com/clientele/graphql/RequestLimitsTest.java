package com.clientele.graphql;

import com.clientele.Tokens;
import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile documents are refused before SmallRye sees them, in milliseconds, while the service keeps
 * answering its health checks. The expected costs are worked out by hand from the cost rules.
 */
@QuarkusTest
class RequestLimitsTest {

    /** The request that used to exhaust a 512 MB heap. */
    static final String ISSUE_QUERY =
            "{ customers(first:500){ edges { node { purchases(first:500){ edges { node { lines { sku } } } } "
                    + "visits { edges { node { id } } } metrics { orderCount } segments { key } } } } }";

    @Inject
    Pool pool;

    @Test
    void theHeapExhaustingQueryIsRefusedWithItsCostAndTheLimit() {
        // customers 1 + 500 x (edges 1 + node 1 + purchases P + visits V + metrics 2 + segments (1 + 20))
        // P = 1 + 500 x (edges 1 + node 1 + lines (1 + 20 x sku 1)) = 11_501
        // V = 1 + 50 x (edges 1 + node 1 + id 1) = 151
        long perCustomer = 1 + 1 + 11_501 + 151 + 2 + 21;
        refused(ISSUE_QUERY).body("errors[0].extensions.cost", equalTo((int) (1 + 500 * perCustomer)))
                .body("errors[0].extensions.limit", equalTo(20_000))
                .body("errors[0].message", containsString("20000"));
    }

    @Test
    void anAliasFloodIsRefused() {
        StringBuilder document = new StringBuilder("{");
        for (int i = 0; i < 1000; i++) {
            document.append(" a").append(i).append(": __typename");
        }
        refused(document.append(" }").toString()).body("errors[0].extensions.aliases", equalTo(1000))
                .body("errors[0].extensions.limit", equalTo(30));
    }

    @Test
    void aFieldRepeatedFiveThousandTimesIsRefused() {
        refused("{" + " __typename".repeat(5000) + " }").body("errors[0].extensions.repetitions", equalTo(5000))
                .body("errors[0].extensions.limit", equalTo(100));
    }

    @Test
    void aFragmentBombIsRefusedWithoutExpandingIt() {
        // F0 costs 1; each Fk spreads F(k-1) ten times (ten spreads of ten different fragments would be the
        // same): F9 stands for 10^9 fields in 800 bytes
        StringBuilder document = new StringBuilder("query { ...F9 }\nfragment F0 on Query { segments { key } }\n");
        for (int k = 1; k <= 9; k++) {
            document.append("fragment F").append(k).append(" on Query { ")
                    .append(("...F" + (k - 1) + " ").repeat(10)).append("}\n");
        }
        assertTrue(document.length() < 1000);
        refused(document.toString()).body("errors[0].extensions.cost", greaterThan(1_000_000_000L));
    }

    @Test
    void aFragmentCycleAndDeepNestingAreRefused() {
        refused("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
                .body("errors[0].message", containsString("spreads itself"));
        String deep = "{ customers(first: 2) { edges { node { purchases(first: 2) { edges { node { lines { sku } } } } } } } }";
        admin(deep).body("errors", nullValue()); // depth 8
        refused("{ customers { edges { node { segments { segment { members { edges { node { segments { segment { "
                + "members { edges { node { id } } } } } } } } } } } } } }") // depth 14
                .body("errors[0].extensions.depth", equalTo(14))
                .body("errors[0].extensions.limit", equalTo(12));
    }

    @Test
    void tooManyTokensAndTooLargeBodiesAreRefused() {
        refused("{" + " __typename".repeat(16_000) + " }").body("errors[0].message", containsString("15000 tokens"));
        String huge = "x".repeat(5 * 1024 * 1024);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Tokens.of(Roles.ADMIN))
                .body(Map.of("query", "{ __typename }", "variables", Map.of("x", huge))).post("/graphql").then()
                .statusCode(413).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
    }

    @Test
    void aQueryWithinTheLimitsRuns() {
        // 1 + 100 x (edges 1 + node 1 + externalId 1 + purchases (1 + 5 x (edges 1 + node 1 + lines (1 + 20 x 2)))) = 21_901
        admin("{ customers(first: 100) { edges { node { externalId purchases(first: 5) { edges { node { lines { sku amount } } } } } } } }")
                .body("errors[0].extensions.cost", equalTo(21_901));
        admin("{ customers(first: 90) { edges { node { externalId purchases(first: 5) { edges { node { lines { sku amount } } } } } } } }")
                .body("errors", nullValue());
    }

    @Test
    void everySqlStatementIsBoundedByTheRequestTimeout() {
        String timeout = pool.query("show statement_timeout").execute().await().indefinitely().iterator().next().getString(0);
        assertEquals("10s", timeout);
    }

    /** Refused with BAD_USER_INPUT before anything ran, in milliseconds, the health check answering meanwhile. */
    private ValidatableResponse refused(String document) {
        long started = System.nanoTime();
        CompletableFuture<ValidatableResponse> hostile = CompletableFuture.supplyAsync(() -> admin(document));
        given().get("/q/health/live").then().statusCode(200);
        ValidatableResponse response = hostile.join()
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("refused in %d ms: %.60s...%n", millis, document);
        return response;
    }

    private static ValidatableResponse admin(String document) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Tokens.of(Roles.ADMIN))
                .body(Map.of("query", document)).post("/graphql").then().statusCode(200);
    }
}
