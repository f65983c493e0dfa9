package com.clientele.graphql;

import com.clientele.Tokens;
import com.clientele.security.Roles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP side of the endpoint: what web pages cannot do, the statuses and media types of GraphQL
 * over HTTP, introspection for admin only, and input that no field may hold.
 */
@QuarkusTest
class GraphQLOverHttpTest {

    @Inject
    Pool pool;

    @TestHTTPResource("/graphql")
    URI graphql;

    private static RequestSpecification as(String role) {
        return given().header("Authorization", "Bearer " + Tokens.of(role));
    }

    @Test
    void onlyJsonPostsRunAndMutationsNeverRunOverGet() throws Exception {
        String customer = unique("web");
        String mutation = "mutation { upsertCustomers(customers: [{externalId: \"" + customer + "\"}]) { id } }";
        HttpClient http = HttpClient.newHttpClient();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/graphql", "application/json; charset=iso-8859-1")) {
            // what an HTML form or a fetch without preflight from any web page can send
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(graphql).header("Content-Type", type)
                    .header("Authorization", "Bearer " + Tokens.of(Roles.ADMIN))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"" + mutation.replace("\"", "\\\"") + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(415, response.statusCode(), type);
            assertTrue(response.body().contains("BAD_USER_INPUT"), response.body());
        }
        as(Roles.ADMIN).queryParam("query", mutation).get("/graphql").then().statusCode(405)
                .header("Allow", containsString("POST"));
        as(Roles.ADMIN).queryParam("query", "{ segments { key } }").get("/graphql").then().statusCode(405);
        as(Roles.ADMIN).contentType("application/json").body(Map.of("query", "{ customerByExternalId(externalId: \""
                + customer + "\") { id } }")).post("/graphql").then().statusCode(200)
                .body("data.customerByExternalId", nullValue());
    }

    @Test
    void malformedEnvelopesAre400AndValidationFailuresFollowTheAcceptedMediaType() {
        as(Roles.ADMIN).contentType("application/json").body("{ \"not a JSON").post("/graphql").then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        // variables nested past 64 levels are refused before SmallRye's JSON-P parser fails on them
        for (int levels : new int[] {65, 998}) {
            as(Roles.ADMIN).contentType("application/json").body("{\"query\": \"{ __typename }\", \"variables\": {\"x\": "
                    + "[".repeat(levels) + "]".repeat(levels) + "}}").post("/graphql").then().statusCode(400)
                    .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        }
        as(Roles.ADMIN).contentType("application/json").body("{\"query\": \"{ __typename }\", \"variables\": {\"x\": "
                + "[".repeat(62) + "]".repeat(62) + "}}").post("/graphql").then().statusCode(200)
                .body("data.__typename", equalTo("Query"));
        as(Roles.ADMIN).contentType("application/json").body("{\"qeury\": \"{ __typename }\"}").post("/graphql").then()
                .statusCode(400);
        as(Roles.ADMIN).contentType("application/json").body("{\"query\": \"{ __typename }\", \"variables\": [1]}")
                .post("/graphql").then().statusCode(400);
        String invalid = "{\"query\": \"{ noSuchField }\"}";
        as(Roles.ADMIN).contentType("application/json").body(invalid).post("/graphql").then().statusCode(200)
                .contentType(startsWith("application/json")).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        as(Roles.ADMIN).contentType("application/json").accept("application/graphql-response+json").body(invalid)
                .post("/graphql").then().statusCode(400).contentType(startsWith("application/graphql-response+json"))
                .body("data", nullValue());
        as(Roles.ADMIN).contentType("application/json").accept("text/html").body(invalid).post("/graphql").then()
                .statusCode(406);
    }

    @Test
    void textThatNoFieldMayHoldIsRefusedAndNeverStored() {
        String customer = unique("nul");
        for (String bad : List.of("a\u0000b", "x\ud800y", "\udc00")) {
            as(Roles.ADMIN).contentType("application/json").body(Map.of(
                    "query", "mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                    "variables", Map.of("c", List.of(Map.of("externalId", customer, "name", bad)))))
                    .post("/graphql").then().statusCode(200)
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                    .body("errors[0].extensions.inputPath", equalTo("customers[0].name"));
        }
        as(Roles.ADMIN).contentType("application/json").body(Map.of("query",
                "{ customerSegments(externalId: \"a\\u0000b\") }")).post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.inputPath", equalTo("externalId"));
        long stored = pool.preparedQuery("select count(*) from customer where external_id = $1").execute(Tuple.of(customer))
                .await().indefinitely().iterator().next().getLong(0);
        assertEquals(0, stored);
    }

    @Test
    void introspectionAndTheSchemaDocumentAreForAdmin() {
        String introspection = "{\"query\": \"{ __schema { queryType { name } } }\"}";
        as(Roles.ADMIN).contentType("application/json").body(introspection).post("/graphql").then().statusCode(200)
                .body("data.__schema.queryType.name", equalTo("Query"));
        as(Roles.MARKETING).contentType("application/json").body(introspection).post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN")).body("data", nullValue());
        as(Roles.MARKETING).contentType("application/json").body("{\"query\": \"{ __typename }\"}").post("/graphql")
                .then().statusCode(200).body("data.__typename", equalTo("Query"));
        as(Roles.ADMIN).get("/graphql/schema.graphql").then().statusCode(200).body(containsString("customerSegments"));
        as(Roles.MARKETING).get("/graphql/schema.graphql").then().statusCode(403);
        given().get("/graphql/schema.graphql").then().statusCode(401);
    }

    @Test
    void errorsNeverRepeatWhatTheClientSent() {
        String secret = "ann-" + unique("private") + "@example.nl";
        as(Roles.ADMIN).contentType("application/json").body(Map.of("query",
                "mutation { upsertCustomers(customers: [{externalId: \"x\", email: \"" + secret + "\", kind: PERSON}]) { id } }"))
                .post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body(not(containsString(secret)));
        as(Roles.ADMIN).contentType("application/json").body(Map.of(
                        "query", "mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                        "variables", Map.of("c", List.of(Map.of("externalId", "x", "email", secret, "kind", "PERSON")))))
                .post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", notNullValue())
                .body(not(containsString(secret))).body(not(containsString("PERSON")));
    }
}
