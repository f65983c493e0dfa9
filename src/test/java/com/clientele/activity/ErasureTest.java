package com.clientele.activity;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static com.clientele.activity.Fixtures.RECORD_PURCHASES;
import static com.clientele.activity.Fixtures.RECORD_VISITS;
import static com.clientele.activity.Fixtures.line;
import static com.clientele.activity.Fixtures.purchase;
import static com.clientele.activity.Fixtures.visit;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Erasure, checked in the database itself: no row anywhere still names the customer. */
@QuarkusTest
class ErasureTest {

    @Inject
    Pool pool;

    @Test
    void erasureLeavesNothingIdentifying() {
        String id = unique("gdpr");
        String email = id + "@example.org";
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                Map.of("c", List.of(Map.of("externalId", id, "email", email, "name", "Erik Erased", "city", "Oslo"))))
                .body("errors", nullValue());
        graphql(RECORD_VISITS, Map.of("v", List.of(visit(id + "-v", id, "2026-05-01T11:00:00Z")))).body("errors", nullValue());
        graphql(RECORD_PURCHASES, Map.of("p", List.of(purchase(id + "-p", id, "2026-05-01T12:00:00Z", line("A", 1, "1")))))
                .body("errors", nullValue());

        graphql("mutation($e: String!) { eraseCustomer(externalId: $e) }", Map.of("e", id))
                .body("data.eraseCustomer", equalTo(true));

        assertEquals(0, count("select count(*) from customer where external_id = $1 or email = $2 or name = 'Erik Erased'",
                Tuple.of(id, email)));
        assertEquals(0, count("select count(*) from purchase where external_id = $1", Tuple.of(id + "-p")));
        assertEquals(0, count("select count(*) from visit where external_id = $1", Tuple.of(id + "-v")));
        assertEquals(0, count("""
                select count(*) from purchase_line l where not exists (select 1 from purchase p where p.id = l.purchase_id)""",
                Tuple.tuple()));
        // the change feed keeps its rows (no gap for its readers), none of them naming an erased customer
        assertEquals(0, count("""
                select count(*) from membership_change h
                where h.customer_id is not null and not exists (select 1 from customer c where c.id = h.customer_id)""",
                Tuple.tuple()));
    }

    private long count(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).await().indefinitely().iterator().next().getLong(0);
    }
}
