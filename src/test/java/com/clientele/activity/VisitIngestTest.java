package com.clientele.activity;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static com.clientele.activity.Fixtures.RECORD_VISITS;
import static com.clientele.activity.Fixtures.customers;
import static com.clientele.activity.Fixtures.visit;
import static com.clientele.activity.Fixtures.with;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class VisitIngestTest {

    @Test
    void recordsReplaysAndConflicts() {
        String ann = unique("ann");
        customers(ann);
        String id = unique("v");
        Map<String, Object> v = with(with(with(visit(id, ann, "2026-04-01T08:00:00Z"), "device", "TABLET"),
                "productViews", 7), "addedToCart", true);
        String stored = graphql(RECORD_VISITS, Map.of("v", List.of(v))).body("errors", nullValue())
                .body("data.recordVisits[0].device", equalTo("TABLET"))
                .body("data.recordVisits[0].productViews", equalTo(7))
                .body("data.recordVisits[0].addedToCart", equalTo(true))
                .extract().path("data.recordVisits[0].id");
        graphql(RECORD_VISITS, Map.of("v", List.of(v))).body("data.recordVisits[0].id", equalTo(stored));
        graphql(RECORD_VISITS, Map.of("v", List.of(with(v, "productViews", 8))))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.inputPath", equalTo("visits[0].externalId"));
    }

    @Test
    void badValuesAreNamedAndNothingIsWritten() {
        String ann = unique("ann");
        customers(ann);
        String good = unique("v");
        graphql(RECORD_VISITS, Map.of("v", List.of(visit(good, ann, "2026-04-01T08:00:00Z"),
                with(visit(unique("v"), ann, "2999-04-01T08:00:00Z"), "productViews", -1),
                visit("", "nobody", "2026-04-01T08:00:00Z"))))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.problems.path", containsInAnyOrder(
                        "visits[1].startedAt", "visits[1].productViews", "visits[2].externalId"));
        graphql(RECORD_VISITS, Map.of("v", List.of(visit(unique("v"), "nobody-" + ann, "2026-04-01T08:00:00Z"))))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("visits[0].customerExternalId"));
        graphql("query($c: String!) { customerByExternalId(externalId: $c) { visits { totalCount } } }", Map.of("c", ann))
                .body("data.customerByExternalId.visits.totalCount", equalTo(0));
    }
}
