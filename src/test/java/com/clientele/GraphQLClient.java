package com.clientele;

import com.clientele.security.Roles;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Posts GraphQL documents the way clients do (POST application/json, bearer token, data/errors
 * envelope). {@link #graphql} sends an admin token; {@link #as} another role's.
 */
public final class GraphQLClient {

    private final String token;

    private GraphQLClient(String token) {
        this.token = token;
    }

    public static GraphQLClient as(String... roles) {
        return new GraphQLClient(Tokens.of(roles));
    }

    public static ValidatableResponse graphql(String document) {
        return graphql(document, Map.of());
    }

    public static ValidatableResponse graphql(String document, Map<String, Object> variables) {
        return as(Roles.ADMIN).post(document, variables).statusCode(200);
    }

    /** The response whatever its status. */
    public ValidatableResponse post(String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(body)
                .when().post("/graphql").then();
    }

    public ValidatableResponse post(String document) {
        return post(document, Map.of());
    }

    /** A prefix that keeps a test's external ids apart from every other test's. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
