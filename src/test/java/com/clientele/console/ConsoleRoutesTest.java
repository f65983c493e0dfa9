package com.clientele.console;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** The console's files are public; what surrounds them: the redirect and the headers (dev tokens: DevTokensRouteTest). */
@QuarkusTest
class ConsoleRoutesTest {

    @Test
    void theConsoleIsServedWithHeadersThatKeepForeignCodeOut() {
        given().redirects().follow(false).when().get("/console").then()
                .statusCode(301).header("Location", endsWith("/console/"));
        given().when().get("/console/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo(ConsoleRoutes.CONTENT_SECURITY_POLICY))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }
}
