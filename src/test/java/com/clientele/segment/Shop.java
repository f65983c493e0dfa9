package com.clientele.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.nullValue;

/**
 * A small shop history written relative to a fixed {@code asOf}, in an era of its own (no other test
 * has orders within two years before it), saved through the API and evaluated with
 * recomputeSegments(asOf). Expectations in the tests are worked out by hand from SEGMENTS.md.
 */
final class Shop {

    private final Instant asOf;
    private String prefix = unique("shop");
    private final List<Map<String, Object>> customers = new ArrayList<>();
    private final List<Map<String, Object>> visits = new ArrayList<>();
    private final List<Map<String, Object>> purchases = new ArrayList<>();
    private int sequence;

    Shop(String asOf) {
        this.asOf = Instant.parse(asOf);
    }

    /** Writes under the other shop's ids, so several batches build one history. */
    Shop sharing(Shop other) {
        prefix = other.prefix;
        sequence = other.sequence;
        other.sequence += 10_000;
        return this;
    }

    String id(String name) {
        return prefix + "-" + name;
    }

    Shop customer(String name, Object... fields) {
        Map<String, Object> c = map(fields);
        c.put("externalId", id(name));
        c.putIfAbsent("firstSeenAt", asOf.minus(Duration.ofDays(1000)).toString());
        customers.add(c);
        return this;
    }

    /** An order of one line (quantity 1) for {@code total}, placed {@code daysAgo} days before asOf. */
    Shop order(String customer, double daysAgo, String total, Object... fields) {
        return orderWithLines(customer, daysAgo, List.of(line("sku", 1, total)), fields);
    }

    Shop orderWithLines(String customer, double daysAgo, List<Map<String, Object>> lines, Object... fields) {
        Map<String, Object> p = map(fields);
        p.put("externalId", id("p" + (++sequence)));
        p.put("customerExternalId", id(customer));
        p.put("orderedAt", ago(daysAgo));
        p.put("currency", "EUR");
        p.put("lines", lines);
        if (p.get("visitExternalId") instanceof String visit) {
            p.put("visitExternalId", id(visit));
        }
        purchases.add(p);
        return this;
    }

    Shop visit(String customer, String name, double daysAgo, Object... fields) {
        Map<String, Object> v = map(fields);
        v.put("externalId", id(name));
        v.put("customerExternalId", id(customer));
        v.put("startedAt", ago(daysAgo));
        visits.add(v);
        return this;
    }

    static Map<String, Object> line(String sku, int quantity, String unitPrice, Object... fields) {
        Map<String, Object> l = map(fields);
        l.put("sku", sku);
        l.put("quantity", quantity);
        l.put("unitPrice", unitPrice);
        return l;
    }

    String ago(double days) {
        return asOf.minus(Duration.ofSeconds(Math.round(days * 86_400))).toString();
    }

    Shop save() {
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c", customers))
                .body("errors", nullValue());
        if (!visits.isEmpty()) {
            graphql("mutation($v: [VisitInput!]!) { recordVisits(visits: $v) { id } }", Map.of("v", visits))
                    .body("errors", nullValue());
        }
        if (!purchases.isEmpty()) {
            graphql("mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }", Map.of("p", purchases))
                    .body("errors", nullValue());
        }
        return this;
    }

    Shop recompute() {
        graphql("mutation($at: DateTime) { recomputeSegments(asOf: $at) { customers } }", Map.of("at", asOf.toString()))
                .body("errors", nullValue());
        return this;
    }

    List<String> segments(String name) {
        return graphql("query($e: String!) { customerSegments(externalId: $e) }", Map.of("e", id(name)))
                .body("errors", nullValue()).extract().path("data.customerSegments");
    }

    String lifecycle(String name) {
        return graphql("query($e: String!) { customerByExternalId(externalId: $e) { lifecycle } }", Map.of("e", id(name)))
                .body("errors", nullValue()).extract().path("data.customerByExternalId.lifecycle");
    }

    Map<String, Object> customerField(String name, String selection) {
        return graphql("query($e: String!) { customerByExternalId(externalId: $e) { " + selection + " } }",
                Map.of("e", id(name))).body("errors", nullValue()).extract().path("data.customerByExternalId");
    }

    private static Map<String, Object> map(Object... fields) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }
}
