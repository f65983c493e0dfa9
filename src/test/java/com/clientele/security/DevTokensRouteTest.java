package com.clientele.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The console's dev sign-in: nothing until dev mode has printed its tokens; then (here asked to, as AuthSetup
 * does in dev mode) /console/dev-tokens hands them to a browser on this machine, each working for its role only.
 * The only test that prints them, so that the 404 before holds whatever ran first.
 */
@QuarkusTest
class DevTokensRouteTest {

    @Inject
    DevTokens devTokens;

    @Test
    void theDevTokensPrintedAtStartAreServedToThisMachine() {
        // outside dev mode nothing is printed, and nothing served
        given().get("/console/dev-tokens").then().statusCode(404);

        String secret = ConfigProvider.getConfig().getValue("clientele.jwt.secret", String.class);
        devTokens.print(secret, "clientele");
        Map<String, String> served = given().get("/console/dev-tokens").then().statusCode(200)
                .contentType(ContentType.JSON).header("Cache-Control", equalTo("no-store"))
                .extract().as(Map.class);
        assertEquals(Roles.ALL.size(), served.size());
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + served.get(Roles.MARKETING))
                .body(Map.of("query", "{ segmentStatus { evaluatesAt } }")).post("/graphql").then()
                .statusCode(200).body("errors", nullValue());
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + served.get(Roles.STOREFRONT))
                .body(Map.of("query", "{ segmentStatus { evaluatesAt } }")).post("/graphql").then()
                .statusCode(200).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        given().post("/console/dev-tokens").then().statusCode(404);
    }
}
