package com.clientele.segment.playbook;

import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.as;
import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in segment of the catalogue (segment_definition, seeded by migration) comes with its playbook
 * entry: a built-in added without one fails here. Custom segments have none, and the storefront sees none.
 */
@QuarkusTest
class PlaybookTest {

    private static final String SEGMENTS = "{ segments { key family advice { meaning goal actions measure } } }";

    @Test
    @SuppressWarnings("unchecked")
    void everyBuiltInSegmentHasAdviceAMarketerCanRead() {
        List<Map<String, Object>> segments = as(Roles.MARKETING).post(SEGMENTS).statusCode(200)
                .body("errors", nullValue()).extract().path("data.segments");
        List<Map<String, Object>> builtIns = segments.stream().filter(s -> !"CUSTOM".equals(s.get("family"))).toList();
        assertEquals(33, builtIns.size(), "the catalogue of SEGMENTS.md");
        for (Map<String, Object> segment : builtIns) {
            Map<String, Object> advice = (Map<String, Object>) segment.get("advice");
            String key = (String) segment.get("key");
            assertTrue(advice != null, key + " has no advice");
            for (String part : List.of("meaning", "goal", "measure")) {
                assertFalse(((String) advice.get(part)).isBlank(), key + "." + part);
            }
            List<String> actions = (List<String>) advice.get("actions");
            assertTrue(actions.size() >= 2 && actions.stream().noneMatch(String::isBlank), key + ".actions");
        }
    }

    @Test
    void aCustomSegmentHasNoAdvice() {
        String key = unique("playbook").toLowerCase();
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }",
                Map.of("s", Map.of("key", key, "name", "playbook", "ruleText", "totalSpend > 100")))
                .body("errors", nullValue());
        try {
            graphql("query($k: String!) { segment(key: $k) { advice { meaning } } }", Map.of("k", key))
                    .body("errors", nullValue()).body("data.segment.advice", nullValue());
            graphql("{ segment(key: \"LAPSED\") { advice { goal } } }")
                    .body("data.segment.advice.goal", equalTo("Win them back before they are lost."));
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        }
    }

    @Test
    void theStorefrontReadsNoPlaybook() {
        as(Roles.STOREFRONT).post(SEGMENTS).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("data", nullValue());
    }
}
