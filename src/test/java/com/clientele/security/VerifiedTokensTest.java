package com.clientele.security;

import com.clientele.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * A verified token is recognised on its next uses, and only that very token, and never after its expiry (the
 * test profile allows 1 s of clock skew instead of 60, so that it shows within seconds).
 */
@QuarkusTest
class VerifiedTokensTest {

    private static final String SECRET = ConfigProvider.getConfig().getValue("clientele.jwt.secret", String.class);

    @Test
    void aTokenIsRecognisedWithItsOwnRolesAgainAndAgain() {
        String marketing = Tokens.signed(SECRET, "clientele", Duration.ofHours(1), Roles.MARKETING);
        for (int i = 0; i < 3; i++) {
            call(marketing, "{ segments { key } }").statusCode(200).body("errors", nullValue());
            call(marketing, "mutation { recomputeSegments { customers } }").statusCode(200)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
    }

    @Test
    void aTokenStopsWorkingAtItsExpiryThoughItWasRecognisedBefore() throws InterruptedException {
        String shortLived = Tokens.signed(SECRET, "clientele", Duration.ofSeconds(2), Roles.ADMIN);
        call(shortLived, "{ segments { key } }").statusCode(200).body("errors", nullValue());
        Thread.sleep(3_500); // past its expiry and the test profile's clock skew of 1 s
        call(shortLived, "{ segments { key } }").statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aTokenAlteredAfterARecognisedOneIsRefused() {
        String token = Tokens.signed(SECRET, "clientele", Duration.ofHours(1), Roles.ADMIN);
        call(token, "{ segments { key } }").statusCode(200).body("errors", nullValue());
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String otherSignature = parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A')
                + parts[2].charAt(parts[2].length() - 1);
        String otherPayload = parts[1].substring(0, parts[1].length() - 1) + (parts[1].endsWith("A") ? "B" : "A");
        for (String altered : new String[] {parts[0] + "." + parts[1] + "." + otherSignature,
                parts[0] + "." + otherPayload + "." + parts[2]}) {
            call(altered, "{ segments { key } }").statusCode(401)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        }
    }

    private static ValidatableResponse call(String token, String query) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("query", query)).post("/graphql").then();
    }
}
