package com.clientele.segment.rules;

import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.as;
import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * With a preview timeout of one millisecond, a preview that cannot finish in time ends in UNAVAILABLE with
 * reason TIMEOUT, not a hung or failed request; with suggestions counted afresh on every call, values just
 * written are suggested with their counts. The preview waits for a lock the test holds on the visits: over
 * the test database's few rows, it could otherwise finish within the millisecond, depending on its plan.
 */
@QuarkusTest
@TestProfile(PreviewLimitsTest.Limits.class)
class PreviewLimitsTest {

    @Inject
    Pool pool;

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clientele.segments.preview-timeout", "1ms", "clientele.segments.suggestions-max-age", "0s");
        }
    }

    @Test
    void aPreviewPastItsTimeoutIsUnavailableWithTheReason() {
        String prefix = unique("slow");
        List<Map<String, Object>> customers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            customers.add(Map.of("externalId", prefix + "-" + i, "city", prefix));
        }
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c", customers))
                .body("errors", nullValue());
        SqlConnection lockHolder = pool.getConnection().await().indefinitely();
        try {
            lockHolder.query("begin").execute().await().indefinitely();
            lockHolder.query("lock table visit in access exclusive mode").execute().await().indefinitely();
            as(Roles.ADMIN).post("{ previewSegment(ruleText: \"orders() >= 0 and visits() >= 0 and spend(category = 'x') >= 0 "
                            + "and units(sku = 'y') >= 0\") { count } }")
                    .statusCode(503) // UNAVAILABLE: retry later, as for any timeout
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("UNAVAILABLE"))
                    .body("errors[0].extensions.reason", equalTo("TIMEOUT"))
                    .body("errors[0].message", containsString("preview-timeout"));
        } finally {
            lockHolder.query("rollback").execute().await().indefinitely();
            lockHolder.close().await().indefinitely();
        }

        graphql("{ ruleFields { name suggestions { value count } moreValues } }").body("errors", nullValue())
                .body("data.ruleFields.find { it.name == 'city' }.suggestions", hasItem(Map.of("value", prefix, "count", 1000)));
    }
}
