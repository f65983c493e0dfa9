package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A refresh of a few customers runs inside the writer's transaction, turns JIT compilation off for its own
 * statements (compiling them cost seconds at a million customers) and keeps their generic plans (planning the
 * metrics statement cost more than running it): the writer's settings are back afterwards.
 */
@QuarkusTest
class RefreshSettingsTest {

    @Inject
    Pool pool;

    @Test
    void aRefreshOfSomeCustomersLeavesTheTransactionsSettingsAsTheyWere() {
        String externalId = unique("jit");
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                Map.of("c", List.of(Map.of("externalId", externalId))))
                .body("errors", nullValue());
        var settings = pool.withTransaction(connection -> connection.query("set local jit = on").execute()
                        .chain(() -> connection.query("set local plan_cache_mode = force_custom_plan").execute())
                        .chain(() -> connection.preparedQuery("""
                                select count(*) from clientele_refresh($1, array(select id from customer where external_id = $2))""")
                                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC), externalId)))
                        .chain(() -> connection.query(
                                "select current_setting('jit'), current_setting('plan_cache_mode')").execute()))
                .await().indefinitely().iterator().next();
        assertEquals("on", settings.getString(0));
        assertEquals("force_custom_plan", settings.getString(1));
    }
}
