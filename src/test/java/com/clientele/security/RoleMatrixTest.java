package com.clientele.security;

import com.clientele.GraphQLClient;
import com.clientele.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.clientele.GraphQLClient.as;
import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every operation and every personal field, for each role and for no token, against the roles table
 * of the API documentation (written out here by hand, not derived from the annotations it checks).
 */
@QuarkusTest
class RoleMatrixTest {

    private static final Set<String> STOREFRONT = Set.of(Roles.STOREFRONT);
    private static final String PERSONAL = "email name city birthDate attributes { key text }";
    private static String customer;
    private static String customerId;
    private static String purchase;
    private static String visit;

    /** What each role may, by operation (admin may everything). */
    private record Operation(String name, String document, Set<String> roles) {
    }

    /** Once, before the first test: RestAssured learns the test port only before each test. */
    @BeforeEach
    void shop() {
        if (customer != null) {
            return;
        }
        customer = unique("roles");
        purchase = customer + "-p";
        visit = customer + "-v";
        customerId = graphql(upsert(), Map.of()).body("errors", nullValue()).extract().path("data.upsertCustomers[0].id");
        graphql(recordVisit(), Map.of()).body("errors", nullValue());
        graphql(recordPurchase(), Map.of()).body("errors", nullValue());
    }

    private static String upsert() {
        return "mutation { upsertCustomers(customers: [{externalId: \"" + customer + "\", email: \"ann@example.nl\", "
                + "name: \"Ann\", city: \"Utrecht\", birthDate: \"1990-02-03\", country: \"NL\", "
                + "attributes: [{key: \"tier\", text: \"gold\"}]}]) { id } }";
    }

    private static String recordVisit() {
        return "mutation { recordVisits(visits: [{externalId: \"" + visit + "\", customerExternalId: \"" + customer
                + "\", startedAt: \"2026-01-10T09:00:00Z\"}]) { id } }";
    }

    private static String recordPurchase() {
        return "mutation { recordPurchases(purchases: [{externalId: \"" + purchase + "\", customerExternalId: \""
                + customer + "\", orderedAt: \"2026-01-10T09:05:00Z\", currency: \"EUR\", "
                + "lines: [{sku: \"A\", quantity: 1, unitPrice: 5}]}]) { id } }";
    }

    private static List<Operation> operations() {
        Set<String> marketing = Set.of(Roles.MARKETING, Roles.ADMIN);
        Set<String> ingest = Set.of(Roles.INGEST, Roles.ADMIN);
        Set<String> admin = Set.of(Roles.ADMIN);
        return List.of(
                new Operation("customer", "{ customer(id: \"" + customerId + "\") { id } }", marketing),
                new Operation("customerByExternalId", "{ customerByExternalId(externalId: \"" + customer + "\") { id } }", marketing),
                new Operation("customers", "{ customers(first: 1) { totalCount } }", marketing),
                new Operation("customerSegments", "{ customerSegments(externalId: \"" + customer + "\") }",
                        Set.of(Roles.STOREFRONT, Roles.MARKETING, Roles.ADMIN)),
                new Operation("segments", "{ segments { key } }", marketing),
                new Operation("segment", "{ segment(key: \"LOYAL\") { key } }", marketing),
                new Operation("segmentSettings", "{ segmentSettings { window } }", marketing),
                new Operation("parseRule", "{ parseRule(text: \"totalSpend > 5\") { text } }", marketing),
                new Operation("printRule", "{ printRule(rule: {inSegment: \"LOYAL\"}) { text } }", marketing),
                new Operation("ruleFields", "{ ruleFields { name } }", marketing),
                new Operation("previewSegment", "{ previewSegment(ruleText: \"externalId = '" + customer + "'\") { count } }",
                        marketing),
                new Operation("explainSegment", "{ explainSegment(customerExternalId: \"" + customer + "\", key: \"GUEST\") "
                        + "{ matched } }", marketing),
                new Operation("segmentStatus", "{ segmentStatus { evaluatesAt } }", marketing),
                new Operation("membershipChanges", "{ membershipChanges(first: 1) { pageInfo { hasNextPage } } }", marketing),
                new Operation("upsertCustomers", upsert(), ingest),
                new Operation("recordPurchases", recordPurchase(), ingest),
                new Operation("recordVisits", recordVisit(), ingest),
                new Operation("cancelPurchase", "mutation { cancelPurchase(externalId: \"" + purchase + "\") { id } }", ingest),
                new Operation("eraseCustomer", "mutation { eraseCustomer(externalId: \"" + unique("nobody") + "\") }", admin),
                new Operation("updateSegmentSettings", "mutation { updateSegmentSettings(settings: {}) { window } }", admin),
                new Operation("recomputeSegments", "mutation { recomputeSegments { customers } }", admin),
                new Operation("unpinSegments", "mutation { unpinSegments { evaluatesAt } }", admin),
                new Operation("createSegment", "mutation { createSegment(segment: {key: \"" + customer + "\", name: \"n\", "
                        + "ruleText: \"externalId = '" + customer + "'\"}) { key } }", admin),
                new Operation("updateSegment", "mutation { updateSegment(key: \"" + customer + "\", segment: {key: \""
                        + customer + "\", name: \"m\", ruleText: \"externalId = '" + customer + "'\"}) { key } }", admin),
                new Operation("deleteSegment", "mutation { deleteSegment(key: \"" + customer + "\") }", admin));
    }

    @Test
    void everyOperationIsServedExactlyToItsRoles() {
        List<String> checked = new ArrayList<>();
        for (Operation operation : operations()) {
            for (String role : Roles.ALL) {
                var response = as(role).post(operation.document()).statusCode(200);
                if (operation.roles().contains(role)) {
                    response.body("errors", nullValue()).body("data." + operation.name(), notNullValue());
                } else {
                    response.body("data." + operation.name(), nullValue())
                            .body("errors.extensions.code", everyItem(equalTo("FORBIDDEN")));
                }
                checked.add(operation.name() + "/" + role);
            }
            given().contentType(ContentType.JSON).body(Map.of("query", operation.document()))
                    .post("/graphql").then().statusCode(401)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        }
        assertEquals(25 * 4, checked.size());
    }

    @Test
    void personalFieldsAreForMarketingAndAdminOnly() {
        String read = "{ customerByExternalId(externalId: \"" + customer + "\") { externalId " + PERSONAL + " } }";
        for (String role : List.of(Roles.MARKETING, Roles.ADMIN)) {
            as(role).post(read).statusCode(200).body("errors", nullValue())
                    .body("data.customerByExternalId.email", equalTo("ann@example.nl"))
                    .body("data.customerByExternalId.name", equalTo("Ann"))
                    .body("data.customerByExternalId.city", equalTo("Utrecht"))
                    .body("data.customerByExternalId.birthDate", equalTo("1990-02-03"))
                    .body("data.customerByExternalId.attributes[0].text", equalTo("gold"));
        }
        // ingest reaches a Customer only through what its writes return: the rest, but no personal field
        String write = upsert().replace("{ id }", "{ externalId kind country " + PERSONAL
                + " purchases { totalCount } metrics { orderCount } segments { key } } ");
        as(Roles.INGEST).post(write).statusCode(200)
                .body("errors", hasSize(5))
                .body("errors.extensions.code", everyItem(equalTo("FORBIDDEN")))
                .body("errors.path.collect { it[2] }", containsInAnyOrder("email", "name", "city", "birthDate", "attributes"))
                .body("data.upsertCustomers[0].externalId", equalTo(customer))
                .body("data.upsertCustomers[0].country", equalTo("NL"))
                .body("data.upsertCustomers[0].email", nullValue())
                .body("data.upsertCustomers[0].birthDate", nullValue())
                .body("data.upsertCustomers[0].purchases.totalCount", equalTo(1))
                .body("data.upsertCustomers[0].metrics.orderCount", notNullValue());
        as(STOREFRONT.toArray(String[]::new)).post(read).statusCode(200)
                .body("data.customerByExternalId", nullValue())
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
    }

    /**
     * Segment sizes and members are marketing's; an ingest result that reaches a Segment gets FORBIDDEN
     * there. They are non-null in the contract, so GraphQL's null propagation empties their parents.
     */
    @Test
    void segmentReadsAreNotReachableThroughAnIngestResult() {
        String write = upsert().replace("{ id }", "{ segments { key segment { key members { totalCount } } } } ");
        as(Roles.INGEST).post(write).statusCode(200)
                .body("errors.extensions.code", everyItem(equalTo("FORBIDDEN")))
                .body("errors.path.collect { it.last() }", everyItem(equalTo("members")));
        // statistics and advice are nullable: refused where they stand, the segment kept
        as(Roles.INGEST).post(upsert().replace("{ id }", "{ segments { segment { key statistics { size } advice { goal } } } } "))
                .statusCode(200)
                .body("errors.extensions.code", everyItem(equalTo("FORBIDDEN")))
                .body("errors.path.collect { it.last() }", hasItems("statistics", "advice"))
                .body("data.upsertCustomers[0].segments[0].segment.key", notNullValue())
                .body("data.upsertCustomers[0].segments[0].segment.statistics", nullValue());
        as(Roles.INGEST).post(upsert().replace("{ id }", "{ segments { key segment { key name family } } } "))
                .statusCode(200).body("errors", nullValue())
                .body("data.upsertCustomers[0].segments[0].segment.key", notNullValue());
    }

    @Test
    void aTokenThatIsNotValidGetsUnauthenticated() {
        String secret = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("clientele.jwt.secret", String.class);
        List<String> invalid = List.of(
                "not-a-token",
                Tokens.signed(secret, "clientele", Duration.ofSeconds(-120), Roles.ADMIN),          // expired
                Tokens.signed(secret, "someone-else", Duration.ofHours(1), Roles.ADMIN),            // other issuer
                Tokens.signed("another-secret-another-secret-another", "clientele", Duration.ofHours(1), Roles.ADMIN),
                unsigned());
        for (String token : invalid) {
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                    .body(Map.of("query", "{ segments { key } }")).post("/graphql").then()
                    .statusCode(401)
                    .contentType(ContentType.JSON)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        }
    }

    @Test
    void healthAndMetricsStayOpenAndHoldNoPersonalData() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(metrics.contains("ann@example.nl") || metrics.contains(customer),
                "metrics must not name customers");
    }

    @Test
    void aTokenWithoutAnyKnownRoleIsForbiddenEverything() {
        GraphQLClient nobody = as("viewer");
        nobody.post("{ customerSegments(externalId: \"" + customer + "\") }").statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
    }

    /** A token with "alg": "none" and the right claims. */
    private static String unsigned() {
        var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        long now = System.currentTimeMillis() / 1000;
        String claims = encoder.encodeToString(("{\"iss\":\"clientele\",\"sub\":\"x\",\"groups\":[\"admin\"],\"iat\":"
                + now + ",\"exp\":" + (now + 3600) + "}").getBytes());
        return header + "." + claims + ".";
    }
}
