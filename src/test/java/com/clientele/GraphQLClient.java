package com.clientele;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Posts GraphQL documents the way clients do (POST application/json, data/errors envelope). */
public final class GraphQLClient {

    private GraphQLClient() {
    }

    public static ValidatableResponse graphql(String document) {
        return graphql(document, Map.of());
    }

    public static ValidatableResponse graphql(String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return given().contentType(ContentType.JSON).body(body).when().post("/graphql").then().statusCode(200);
    }

    /** A prefix that keeps a test's external ids apart from every other test's. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
