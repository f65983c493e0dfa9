package com.clientele.activity;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static com.clientele.activity.Fixtures.RECORD_PURCHASES;
import static com.clientele.activity.Fixtures.RECORD_VISITS;
import static com.clientele.activity.Fixtures.line;
import static com.clientele.activity.Fixtures.purchase;
import static com.clientele.activity.Fixtures.visit;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * SmallRye GraphQL resolves sibling fields concurrently; a shared Hibernate Reactive session would
 * fail here ("session is currently connecting" / illegal state). Many customers, each with purchases,
 * lines and visits, plus top-level siblings, must resolve in one request without any error.
 */
@QuarkusTest
class SiblingFieldsTest {

    @Test
    void siblingAndChildFieldsOfManyCustomersResolveTogether() {
        String country = "LU"; // Luxembourg: this test's customers only
        List<Map<String, Object>> customers = new ArrayList<>();
        List<Map<String, Object>> purchases = new ArrayList<>();
        List<Map<String, Object>> visits = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = unique("sib");
            ids.add(id);
            customers.add(Map.of("externalId", id, "country", country));
            for (int j = 1; j <= 3; j++) {
                purchases.add(purchase(id + "-p" + j, id, "2026-05-0" + j + "T12:00:00Z", line("A", 1, "1"), line("B", 2, "3")));
                visits.add(visit(id + "-v" + j, id, "2026-05-0" + j + "T11:00:00Z"));
            }
        }
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c", customers))
                .body("errors", nullValue());
        graphql(RECORD_VISITS, Map.of("v", visits)).body("errors", nullValue());
        graphql(RECORD_PURCHASES, Map.of("p", purchases)).body("errors", nullValue());

        graphql("""
                query($a: String!, $b: String!) {
                  all: customers(first: 40, filter: {country: "LU"}) {
                    totalCount
                    edges { node {
                      externalId
                      purchases(first: 3) { totalCount edges { node { total lines { sku amount } } } }
                      visits(first: 3) { totalCount edges { node { startedAt } } }
                    } }
                  }
                  a: customerByExternalId(externalId: $a) { purchases(first: 3) { totalCount } visits(first: 3) { totalCount } }
                  b: customerByExternalId(externalId: $b) { purchases(first: 3) { totalCount } visits(first: 3) { totalCount } }
                  again: customers(first: 5, filter: {country: "LU"}) { edges { node { visits(first: 3) { totalCount } } } }
                }""", Map.of("a", ids.get(0), "b", ids.get(39)))
                .body("errors", nullValue())
                .body("data.all.totalCount", equalTo(40))
                .body("data.all.edges", hasSize(40))
                .body("data.all.edges.node.purchases.totalCount", everyItem(equalTo(3)))
                .body("data.all.edges.node.visits.totalCount", everyItem(equalTo(3)))
                .body("data.all.edges.node.purchases.edges.node.lines.flatten().sku", hasSize(240))
                .body("data.all.edges[0].node.purchases.edges[0].node.total", equalTo(7.0f))
                .body("data.a.purchases.totalCount", equalTo(3))
                .body("data.b.visits.totalCount", equalTo(3))
                .body("data.again.edges", hasSize(5));
    }

    /**
     * SmallRye runs a batch field once per request level with the first caller's arguments, so two
     * selections with different arguments would share one answer: the request is refused instead.
     */
    @Test
    void aBatchFieldWithTwoDifferentArgumentSetsIsRefusedNotAnsweredWrongly() {
        graphql("{ customers(first: 3) { edges { node { all: purchases { totalCount } last: purchases(first: 1) { totalCount } } } } }")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("Customer.purchases"));
        graphql("{ customers(first: 3) { edges { node { a: purchases(first: 2) { totalCount } b: purchases(first: 2) { totalCount } } } } }")
                .body("errors", nullValue());
    }
}
