package com.clientele.segment;

import com.clientele.Tokens;
import com.clientele.security.Roles;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

/** Calls {@code GET /segments/{key}/members} as a role, and reads the same members through GraphQL for comparison. */
final class ExportClient {

    static final String PATH = "/segments/{key}/members";

    private ExportClient() {
    }

    static RequestSpecification as(String... roles) {
        return given().header("Authorization", "Bearer " + Tokens.of(roles));
    }

    static ValidatableResponse export(String key, String accept, Map<String, String> query) {
        RequestSpecification request = as(Roles.MARKETING).queryParams(query);
        if (accept != null) {
            request.header("Accept", accept);
        }
        return request.when().get(PATH, key).then();
    }

    /**
     * Every member of the segment as GraphQL reads it (all pages, in id order), with the membership's
     * {@code since} and {@code detail} taken from {@code Customer.segments}.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> membersThroughGraphQL(String key) {
        String document = """
                query($k: String!, $after: String) { segment(key: $k) { members(first: 200, after: $after) {
                  edges { node { externalId email name country marketingConsent segments { key since detail } } }
                  pageInfo { hasNextPage endCursor } } } }""";
        List<Map<String, Object>> members = new java.util.ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Map<String, Object> variables = new java.util.HashMap<>(Map.of("k", key));
            variables.put("after", after);
            var page = graphql(document, variables).body("errors", nullValue()).extract();
            List<Map<String, Object>> nodes = page.path("data.segment.members.edges.node");
            for (Map<String, Object> node : nodes) {
                Map<String, Object> membership = ((List<Map<String, Object>>) node.get("segments")).stream()
                        .filter(m -> key.equals(m.get("key"))).findFirst().orElseThrow();
                Map<String, Object> member = new java.util.LinkedHashMap<>(node);
                member.remove("segments");
                member.put("since", membership.get("since"));
                member.put("detail", membership.get("detail"));
                members.add(member);
            }
            more = page.path("data.segment.members.pageInfo.hasNextPage");
            after = page.path("data.segment.members.pageInfo.endCursor");
        }
        return members;
    }
}
