package com.clientele.segment.rules;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** parseRule, printRule and ruleFields over GraphQL: both forms of a rule, errors with their column. */
@QuarkusTest
class RuleApiTest {

    private static final String TREE = """
            text tree { and { inSegment condition { field operator values { text number flag } } }
                        or { inSegment } not { inSegment } inSegment
                        condition { field aggregate { kind inLastDays category } operator values { text number flag } } }""";

    /** The flat parts give a client the tree without a selection as deep as the rule. */
    @Test
    void aRuleComesWithItsPartsInPreOrder() {
        graphql("""
                { parseRule(text: "not (country = 'NL' or (inSegment('LOYAL') and totalSpend > 5))") {
                    nodes { id parentId kind inSegment condition { field operator values { text number } } } } }""")
                .body("errors", nullValue())
                .body("data.parseRule.nodes.kind", contains("NOT", "OR", "CONDITION", "AND", "IN_SEGMENT", "CONDITION"))
                .body("data.parseRule.nodes.parentId", contains(null, 0, 1, 1, 3, 3))
                .body("data.parseRule.nodes[2].condition.field", equalTo("country"))
                .body("data.parseRule.nodes[4].inSegment", equalTo("LOYAL"))
                .body("data.parseRule.nodes[5].condition.values[0].number", equalTo(5));
    }

    @Test
    void aRuleTextComesBackCanonicalWithItsTree() {
        graphql("query($t: String!) { parseRule(text: $t) { " + TREE + " } }",
                Map.of("t", "COUNTRY in ('NL','BE') AND totalSpend > 500.50"))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT")); // field names are case-sensitive
        graphql("query($t: String!) { parseRule(text: $t) { " + TREE + " } }",
                Map.of("t", "country in ('NL','BE') AND totalSpend > 500.50"))
                .body("errors", nullValue())
                .body("data.parseRule.text", equalTo("country in ('BE', 'NL') and totalSpend > 500.5"))
                .body("data.parseRule.tree.and[0].condition.field", equalTo("country"))
                .body("data.parseRule.tree.and[0].condition.operator", equalTo("IN"))
                .body("data.parseRule.tree.and[0].condition.values.text", contains("BE", "NL"))
                .body("data.parseRule.tree.and[1].condition.values[0].number", equalTo(500.5f));
        graphql("{ parseRule(text: \"orders(in last 30 days, category = 'shoes') >= 2\") { " + TREE + " } }")
                .body("data.parseRule.tree.condition.aggregate.kind", equalTo("ORDERS"))
                .body("data.parseRule.tree.condition.aggregate.inLastDays", equalTo(30))
                .body("data.parseRule.tree.condition.aggregate.category", contains("shoes"));
    }

    @Test
    void aBrokenRuleNamesItsColumnAndWhatWasExpected() {
        graphql("{ parseRule(text: \"totalSpend >=\") { text } }")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("text"))
                .body("errors[0].extensions.column", equalTo(14))
                .body("errors[0].extensions.expected", hasItems("a number", "a string"))
                .body("errors[0].message", startsWith("text: column 14: expected a value after '>='"));
        graphql("{ parseRule(text: \"totalSpnd > 1\") { text } }")
                .body("errors[0].extensions.expected", hasItem("totalSpend"));
    }

    @Test
    void aTypedRuleComesBackAsTextAndItsErrorsNameTheInputPath() {
        graphql("""
                query { printRule(rule: {or: [{inSegment: "LOYAL"}, {not: {condition: {aggregate: {kind: VISITS,
                  inLastDays: 30, device: ["MOBILE_APP"]}, operator: GE, values: [{number: 2}]}}}]}) { text } }""")
                .body("errors", nullValue())
                .body("data.printRule.text", equalTo("inSegment('LOYAL') or not visits(in last 30 days, device = 'MOBILE_APP') >= 2"));
        graphql("query { printRule(rule: {and: [{inSegment: \"LOYAL\"}, {condition: {field: \"age\", operator: BETWEEN, "
                + "values: [{number: 1}]}}]}) { text } }")
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("rule.and[1].condition.values"));
    }

    @Test
    void theBuilderMetadataListsEveryFieldAndAggregate() {
        graphql("{ ruleFields { name kind type unit operators values filters description } }")
                .body("errors", nullValue())
                .body("data.ruleFields.name", hasItems("totalSpend", "rfm.recency", "lifecycle", "attributes.KEY",
                        "orders(...)", "visits(...)"))
                .body("data.ruleFields.find { it.name == 'totalSpend' }.type", equalTo("MONEY"))
                .body("data.ruleFields.find { it.name == 'totalSpend' }.operators", hasItem("BETWEEN"))
                .body("data.ruleFields.find { it.name == 'kind' }.values", equalTo(List.of("CONSUMER", "BUSINESS")))
                .body("data.ruleFields.find { it.name == 'lifecycle' }.values", hasItem("LOYAL"))
                .body("data.ruleFields.find { it.name == 'visits(...)' }.filters", hasItem("addedToCart"));
    }
}
