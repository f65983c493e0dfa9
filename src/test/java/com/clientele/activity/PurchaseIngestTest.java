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
import static com.clientele.activity.Fixtures.customers;
import static com.clientele.activity.Fixtures.line;
import static com.clientele.activity.Fixtures.purchase;
import static com.clientele.activity.Fixtures.visit;
import static com.clientele.activity.Fixtures.with;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PurchaseIngestTest {

    private static final String PURCHASES_OF = """
            query($c: String!) { customerByExternalId(externalId: $c) { purchases { totalCount edges { node { externalId } } } } }""";

    @Test
    void storesLinesAndDerivesTotalsExactly() {
        String ann = unique("ann");
        customers(ann);
        String visitId = unique("v");
        graphql(RECORD_VISITS, Map.of("v", List.of(visit(visitId, ann, "2026-01-10T09:00:00Z")))).body("errors", nullValue());
        Map<String, Object> p = purchase(unique("p"), ann, "2026-01-10T09:05:00.123456Z",
                with(line("A", 3, "0.10"), "category", "toys"), with(line("B", 1, "19.99"), "onPromotion", true));
        p.put("discount", "0.29");
        p.put("couponCode", "WELCOME");
        p.put("device", "MOBILE_WEB");
        p.put("source", "EMAIL");
        p.put("visitExternalId", visitId);
        graphql(RECORD_PURCHASES, Map.of("p", List.of(p)))
                .body("errors", nullValue())
                .body("data.recordPurchases[0].subtotal", equalTo(20.29f))
                .body("data.recordPurchases[0].total", equalTo(20.0f))
                .body("data.recordPurchases[0].orderedAt", equalTo("2026-01-10T09:05:00.123456Z"))
                .body("data.recordPurchases[0].visitExternalId", equalTo(visitId))
                .body("data.recordPurchases[0].device", equalTo("MOBILE_WEB"))
                .body("data.recordPurchases[0].lines.sku", contains("A", "B"))
                .body("data.recordPurchases[0].lines[0].amount", equalTo(0.3f))
                .body("data.recordPurchases[0].lines[0].category", equalTo("toys"))
                .body("data.recordPurchases[0].lines[1].onPromotion", equalTo(true));
    }

    @Test
    void replayReturnsTheStoredRecordAndConflictNamesThePath() {
        String ann = unique("ann");
        customers(ann);
        String id = unique("p");
        Map<String, Object> p = purchase(id, ann, "2026-02-01T10:00:00Z", line("A", 1, "10"));
        String stored = graphql(RECORD_PURCHASES, Map.of("p", List.of(p))).body("errors", nullValue())
                .extract().path("data.recordPurchases[0].id");
        // same content, written differently (10 vs 10.00): a replay
        graphql(RECORD_PURCHASES, Map.of("p", List.of(purchase(id, ann, "2026-02-01T10:00:00.000Z", line("A", 1, "10.00")))))
                .body("errors", nullValue())
                .body("data.recordPurchases[0].id", equalTo(stored))
                .body("data.recordPurchases[0].lines.quantity", contains(1)); // the stored lines, once
        graphql(RECORD_PURCHASES, Map.of("p", List.of(purchase(id, ann, "2026-02-01T10:00:00Z", line("A", 2, "10")))))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.inputPath", equalTo("purchases[0].externalId"))
                .body("errors[0].message", containsString("different content"))
                .body("errors[0].message", not(containsString(id))); // nothing the client sent is echoed
        graphql(PURCHASES_OF, Map.of("c", ann)).body("data.customerByExternalId.purchases.totalCount", equalTo(1));
    }

    @Test
    void aBatchIsAppliedWholeOrRejectedWhole() {
        String ann = unique("ann");
        customers(ann);
        String first = unique("p");
        graphql(RECORD_PURCHASES, Map.of("p", List.of(purchase(first, ann, "2026-02-01T10:00:00Z", line("A", 1, "10")))));
        String fresh = unique("p");
        graphql(RECORD_PURCHASES, Map.of("p", List.of(
                purchase(fresh, ann, "2026-02-02T10:00:00Z", line("A", 1, "10")),
                purchase(first, ann, "2026-02-01T10:00:00Z", line("A", 5, "10")))))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.inputPath", equalTo("purchases[1].externalId"));
        graphql(RECORD_PURCHASES, Map.of("p", List.of(
                purchase(fresh, ann, "2026-02-02T10:00:00Z", line("A", 1, "10")),
                purchase(unique("p"), "nobody-" + ann, "2026-02-01T10:00:00Z", line("A", 5, "10")))))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("purchases[1].customerExternalId"));
        graphql(PURCHASES_OF, Map.of("c", ann))
                .body("data.customerByExternalId.purchases.edges.node.externalId", contains(first));
    }

    @Test
    void sameIdTwiceInOneBatchIsOneRecordOrAConflict() {
        String ann = unique("ann");
        customers(ann);
        String id = unique("p");
        Map<String, Object> p = purchase(id, ann, "2026-02-01T10:00:00Z", line("A", 1, "10"));
        graphql(RECORD_PURCHASES, Map.of("p", List.of(p, p))).body("errors", nullValue())
                .body("data.recordPurchases.externalId", contains(id, id))
                .body("data.recordPurchases[1].lines.sku", contains("A"));
        String other = unique("p");
        graphql(RECORD_PURCHASES, Map.of("p", List.of(purchase(other, ann, "2026-02-01T10:00:00Z", line("A", 1, "10")),
                purchase(other, ann, "2026-02-01T10:00:00Z", line("A", 1, "11")))))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.inputPath", equalTo("purchases[1].externalId"));
    }

    @Test
    void everyBadValueIsNamedByItsPath() {
        String ann = unique("ann");
        customers(ann);
        Map<String, Object> bad = purchase(unique("p"), ann, "2026-02-01T10:00:00Z",
                line("A", -1, "10"), line("B", 1, "-2"), line("", 1, "1.00001"));
        bad.put("currency", "EURO");
        bad.put("discount", "-1");
        Map<String, Object> noLines = purchase(unique("p"), ann, "2026-02-01T10:00:00Z");
        Map<String, Object> future = purchase(unique("p"), ann, "2999-01-01T00:00:00Z", line("A", 1, "1"));
        Map<String, Object> tooMuchDiscount = purchase(unique("p"), ann, "2026-02-01T10:00:00Z", line("A", 1, "1"));
        tooMuchDiscount.put("discount", "2");
        graphql(RECORD_PURCHASES, Map.of("p", List.of(bad, noLines, future, tooMuchDiscount)))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.problems.path", org.hamcrest.Matchers.containsInAnyOrder(
                        "purchases[0].currency", "purchases[0].discount", "purchases[0].lines[0].quantity",
                        "purchases[0].lines[1].unitPrice", "purchases[0].lines[2].sku", "purchases[0].lines[2].unitPrice",
                        "purchases[1].lines", "purchases[2].orderedAt", "purchases[3].discount"));
    }

    @Test
    void unknownEnumMalformedDateAndOversizedBatchAreRefused() {
        String ann = unique("ann");
        customers(ann);
        graphql(RECORD_PURCHASES, Map.of("p", List.of(with(purchase(unique("p"), ann, "2026-02-01T10:00:00Z",
                line("A", 1, "1")), "device", "TOASTER"))))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", containsString("Device"));
        graphql(RECORD_PURCHASES, Map.of("p", List.of(purchase(unique("p"), ann, "yesterday", line("A", 1, "1")))))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("purchases[0].orderedAt"));
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(purchase(ann + "-bulk-" + i, ann, "2026-02-01T10:00:00Z", line("A", 1, "1")));
        }
        graphql(RECORD_PURCHASES, Map.of("p", many))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("purchases"));
        graphql(PURCHASES_OF, Map.of("c", ann)).body("data.customerByExternalId.purchases.totalCount", equalTo(0));
    }

    @Test
    void aVisitOfAnotherCustomerCannotBeClosedByThePurchase() {
        String ann = unique("ann");
        String bob = unique("bob");
        customers(ann, bob);
        String bobsVisit = unique("v");
        graphql(RECORD_VISITS, Map.of("v", List.of(visit(bobsVisit, bob, "2026-01-10T09:00:00Z"))));
        graphql(RECORD_PURCHASES, Map.of("p", List.of(with(purchase(unique("p"), ann, "2026-01-10T09:05:00Z",
                line("A", 1, "1")), "visitExternalId", bobsVisit))))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("purchases[0].visitExternalId"));
    }

    @Test
    void cancellationIsRecordedOnceAndUnknownPurchaseIsNotFound() {
        String ann = unique("ann");
        customers(ann);
        String id = unique("p");
        graphql(RECORD_PURCHASES, Map.of("p", List.of(purchase(id, ann, "2026-02-01T10:00:00Z", line("A", 1, "1")))));
        String cancel = "mutation($e: String!) { cancelPurchase(externalId: $e) { externalId cancelledAt } }";
        String at = graphql(cancel, Map.of("e", id)).body("errors", nullValue())
                .body("data.cancelPurchase.cancelledAt", notNullValue()).extract().path("data.cancelPurchase.cancelledAt");
        graphql(cancel, Map.of("e", id)).body("data.cancelPurchase.cancelledAt", equalTo(at));
        graphql(cancel, Map.of("e", unique("missing")))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].extensions.inputPath", equalTo("externalId"));
    }

    @Test
    void purchasesArePagedNewestFirst() {
        String ann = unique("ann");
        customers(ann);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            batch.add(purchase(ann + "-p" + day, ann, "2026-03-0" + day + "T10:00:00Z", line("A", 1, "1")));
        }
        graphql(RECORD_PURCHASES, Map.of("p", batch)).body("errors", nullValue());
        String page = """
                query($c: String!, $after: String) { customerByExternalId(externalId: $c) {
                  purchases(first: 2, after: $after) { totalCount edges { node { externalId } } pageInfo { hasNextPage endCursor } } } }""";
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Map<String, Object> vars = new java.util.HashMap<>();
            vars.put("c", ann);
            vars.put("after", after);
            var r = graphql(page, vars).body("errors", nullValue())
                    .body("data.customerByExternalId.purchases.totalCount", equalTo(5)).extract();
            seen.addAll(r.path("data.customerByExternalId.purchases.edges.node.externalId"));
            more = r.path("data.customerByExternalId.purchases.pageInfo.hasNextPage");
            after = r.path("data.customerByExternalId.purchases.pageInfo.endCursor");
        }
        org.junit.jupiter.api.Assertions.assertEquals(
                List.of(ann + "-p5", ann + "-p4", ann + "-p3", ann + "-p2", ann + "-p1"), seen);
    }
}
