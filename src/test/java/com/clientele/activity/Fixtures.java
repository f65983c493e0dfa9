package com.clientele.activity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.nullValue;

/** Builders of mutation inputs as plain maps, as a client would send them in variables. */
final class Fixtures {

    static final String RECORD_PURCHASES = """
            mutation($p: [PurchaseInput!]!) {
              recordPurchases(purchases: $p) {
                id externalId customerExternalId orderedAt currency discount couponCode device source
                visitExternalId subtotal total cancelledAt lines { sku category quantity unitPrice onPromotion amount }
              }
            }""";
    static final String RECORD_VISITS = """
            mutation($v: [VisitInput!]!) {
              recordVisits(visits: $v) { id externalId customerExternalId startedAt device source productViews addedToCart }
            }""";

    private Fixtures() {
    }

    static void customers(String... externalIds) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : externalIds) {
            list.add(Map.of("externalId", id));
        }
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c", list))
                .body("errors", nullValue());
    }

    static Map<String, Object> purchase(String externalId, String customer, String orderedAt, Object... lines) {
        Map<String, Object> p = new HashMap<>();
        p.put("externalId", externalId);
        p.put("customerExternalId", customer);
        p.put("orderedAt", orderedAt);
        p.put("currency", "EUR");
        p.put("lines", List.of(lines));
        return p;
    }

    static Map<String, Object> line(String sku, int quantity, String unitPrice) {
        Map<String, Object> l = new HashMap<>();
        l.put("sku", sku);
        l.put("quantity", quantity);
        l.put("unitPrice", unitPrice);
        return l;
    }

    static Map<String, Object> visit(String externalId, String customer, String startedAt) {
        Map<String, Object> v = new HashMap<>();
        v.put("externalId", externalId);
        v.put("customerExternalId", customer);
        v.put("startedAt", startedAt);
        return v;
    }

    static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
        Map<K, V> copy = new HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
