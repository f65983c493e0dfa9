package com.clientele.console;

import com.clientele.GraphQLClient;
import com.clientele.security.Roles;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.nullValue;

/**
 * A small shop for the console's tests and screenshots: eight customers in three countries with a few
 * months of purchases, a custom segment of its own, and full recomputes on four days of the last month,
 * so that the overview's sparklines and the segment page's chart have points. Every id starts with a
 * unique prefix (the database is shared with the other test classes), and the rules that the tests save
 * select only this shop's customers.
 */
final class ConsoleShop {

    /** Days before now of the full recomputes that record sizes (the last one, now, unpins the engine). */
    private static final int[] RECOMPUTE_DAYS_AGO = {24, 16, 8};

    final String prefix = GraphQLClient.unique("console");
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** A custom segment of the shop: its Dutch customers with two orders in the last 60 days. */
    final String regularsKey = prefix + "-dutch-regulars";
    final String regularsRule = "externalId starts with '" + prefix + "' and country = 'NL' and orders(in last 60 days) >= 2";
    private final List<String> createdSegments = new ArrayList<>();
    private int orders;

    String id(String name) {
        return prefix + "-" + name;
    }

    static ConsoleShop create() {
        ConsoleShop shop = new ConsoleShop();
        shop.saveCustomers();
        shop.savePurchases();
        shop.createSegment(shop.regularsKey, "Dutch regulars", "Dutch customers with two or more orders in the last 60 days",
                shop.regularsRule);
        for (int daysAgo : RECOMPUTE_DAYS_AGO) {
            graphql("mutation($at: DateTime) { recomputeSegments(asOf: $at) { customers } }",
                    Map.of("at", shop.now.minus(Duration.ofDays(daysAgo)).toString())).body("errors", nullValue());
        }
        graphql("mutation { recomputeSegments { customers } }").body("errors", nullValue());
        return shop;
    }

    private void saveCustomers() {
        List<Map<String, Object>> customers = List.of(
                customer("ann", "Ann de Vries", "ann.devries@example.nl", "NL", "Amsterdam", true),
                customer("bram", "Bram Jansen", "bram.jansen@example.nl", "NL", "Utrecht", false),
                customer("chloe", "Chloé Peeters", "chloe.peeters@example.be", "BE", "Gent", true),
                customer("dirk", "Dirk Müller", "dirk.mueller@example.de", "DE", "Köln", true),
                customer("eva", "Eva Bakker", "eva.bakker@example.nl", "NL", "Rotterdam", true),
                customer("femke", "Femke Claes", "femke.claes@example.be", "BE", "Antwerpen", false),
                customer("gijs", "Gijs Visser", "gijs.visser@example.nl", "NL", "Den Haag", true),
                customer("hanna", "Hanna Schmidt", "hanna.schmidt@example.de", "DE", "Berlin", false));
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c", customers))
                .body("errors", nullValue());
    }

    private Map<String, Object> customer(String name, String fullName, String email, String country, String city, boolean consent) {
        Map<String, Object> c = new HashMap<>();
        c.put("externalId", id(name));
        c.put("name", fullName);
        c.put("email", email);
        c.put("country", country);
        c.put("city", city);
        c.put("marketingConsent", consent);
        c.put("firstSeenAt", now.minus(Duration.ofDays(200)).toString());
        return c;
    }

    private void savePurchases() {
        List<Map<String, Object>> purchases = new ArrayList<>();
        // ann: a regular in shoes, ordering through the month
        purchases.add(order("ann", 70, "MOBILE_APP", line("shoes", 1, "89.95")));
        purchases.add(order("ann", 30, "MOBILE_APP", line("shoes", 1, "119.00"), line("socks", 3, "6.50")));
        purchases.add(order("ann", 12, "DESKTOP", line("bags", 1, "74.50")));
        purchases.add(order("ann", 2, "MOBILE_APP", line("shoes", 1, "99.95")));
        // bram: two orders in the last weeks
        purchases.add(order("bram", 20, "DESKTOP", line("books", 2, "24.99")));
        purchases.add(order("bram", 5, "DESKTOP", line("books", 1, "32.00")));
        // chloé: a big spender
        purchases.add(order("chloe", 40, "DESKTOP", line("electronics", 1, "849.00")));
        purchases.add(order("chloe", 10, "TABLET", line("electronics", 1, "219.00")));
        // dirk: one order long ago
        purchases.add(order("dirk", 150, "DESKTOP", line("garden", 1, "59.00")));
        // eva: new, one recent order
        purchases.add(order("eva", 3, "MOBILE_WEB", line("bags", 1, "129.00")));
        // femke: orders steadily
        purchases.add(order("femke", 60, "MOBILE_APP", line("books", 1, "18.50")));
        purchases.add(order("femke", 25, "MOBILE_APP", line("books", 2, "15.00")));
        purchases.add(order("femke", 9, "MOBILE_APP", line("shoes", 1, "64.00")));
        // gijs: three orders, the last ones recently
        purchases.add(order("gijs", 45, "DESKTOP", line("electronics", 1, "199.00")));
        purchases.add(order("gijs", 18, "DESKTOP", line("books", 1, "22.00")));
        purchases.add(order("gijs", 6, "MOBILE_WEB", line("shoes", 1, "79.95")));
        // hanna: none yet
        graphql("mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }", Map.of("p", purchases))
                .body("errors", nullValue());
    }

    private Map<String, Object> order(String customer, int daysAgo, String device, Map<String, Object>... lines) {
        Map<String, Object> p = new HashMap<>();
        p.put("externalId", id("order-" + (++orders)));
        p.put("customerExternalId", id(customer));
        p.put("orderedAt", now.minus(Duration.ofDays(daysAgo)).toString());
        p.put("currency", "EUR");
        p.put("device", device);
        p.put("lines", List.of(lines));
        return p;
    }

    private static Map<String, Object> line(String category, int quantity, String unitPrice) {
        return Map.of("sku", category + "-" + unitPrice, "category", category, "quantity", quantity, "unitPrice", unitPrice);
    }

    /** Creates a custom segment through the API (admin); removed again by {@link #removeSegments}. */
    void createSegment(String key, String name, String description, String ruleText) {
        Map<String, Object> segment = new HashMap<>(Map.of("key", key, "name", name, "ruleText", ruleText));
        segment.put("description", description);
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }", Map.of("s", segment))
                .body("errors", nullValue());
        createdSegments.add(key);
    }

    /** A segment the console saved: removed with the others at the end. */
    void remember(String key) {
        createdSegments.add(key);
    }

    /** Deletes the custom segments of the tests, the newest first (they may name older ones). */
    void removeSegments() {
        for (int i = createdSegments.size() - 1; i >= 0; i--) {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", createdSegments.get(i)));
        }
    }

    /** Records a purchase of one line as the ingest role does. */
    static void recordPurchaseAsIngest(String externalId, String customer, String category, String amount) {
        Map<String, Object> p = new HashMap<>();
        p.put("externalId", externalId);
        p.put("customerExternalId", customer);
        p.put("orderedAt", Instant.now().minusSeconds(60).toString());
        p.put("currency", "EUR");
        p.put("lines", List.of(line(category, 1, amount)));
        GraphQLClient.as(Roles.INGEST).post("mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }",
                Map.of("p", List.of(p))).statusCode(200).body("errors", nullValue());
    }

    static void upsertCustomerAsIngest(String externalId, String name, String country) {
        Map<String, Object> c = Map.of("externalId", externalId, "name", name, "country", country);
        GraphQLClient.as(Roles.INGEST).post("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                Map.of("c", List.of(c))).statusCode(200).body("errors", nullValue());
    }
}
