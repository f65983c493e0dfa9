package com.clientele.segment.rules;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static com.clientele.GraphQLClient.graphql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Five thousand generated rule texts (random tokens of the language and of SQL, quotes, huge strings, deep
 * nesting, control characters, lone surrogates) through parseRule, previewSegment and createSegment: every
 * answer is data or an error with a code other than INTERNAL, and no table changes.
 */
@QuarkusTest
class HostileRulesTest {

    private static final int RULES = 5000;
    private static final int PER_REQUEST = 25;
    private static final Set<String> CODES = Set.of("BAD_USER_INPUT", "NOT_FOUND", "UNAVAILABLE");
    private static final List<String> TOKENS = List.of("totalSpend", "orderCount", "age", "country", "name", "lifecycle",
            "rfm.recency", "rfm.group", "attributes.tier", "attributes.", "attributes..x", "orders", "spend", "units",
            "visits", "inSegment", "(", ")", ",", "=", "!=", "<", "<=", ">", ">=", "between", "and", "or", "not", "in",
            "not in", "contains", "starts with", "ends with", "is set", "is not set", "in last", "days", "category",
            "sku", "device", "source", "discounted", "addedToCart", "true", "false", "0", "-1", "1.5", "99999999999999999999999999999999",
            "0.000000000000000000000001", "1e9", "'NL'", "'O''Brien'", "''", "'", "''''", "'LOYAL'", "'MOBILE_APP'", "'2026-01-01'",
            "'; drop table customer; --", "$1", "$2", "::text", "/*", "*/", "--", ";", "\\", "\"", "%", "_", "select",
            "union", "pg_sleep(10)", "'\u0000'", "'\uD800'", "'🏃'", "\t", "\n", "\u00a0", "ß", "İ");

    @Inject
    Pool pool;

    @Test
    void generatedRuleTextsNeverCauseAnInternalErrorNorAnyWrite() {
        String before = snapshot();
        Random random = new Random(20261201);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            texts.add(text(random));
        }
        for (int from = 0; from < texts.size(); from += PER_REQUEST) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + PER_REQUEST));
            check(batch, "parseRule(text: $t%d) { text }", "query");
            if (from % (PER_REQUEST * 10) == 0) { // a tenth also as previews and as segments, selecting nobody
                List<String> scoped = batch.stream().map(t -> "externalId = 'nobody-hostile' and (" + t + ")").toList();
                check(scoped, "previewSegment(ruleText: $t%d, sample: 1) { count }", "query");
                for (String text : scoped) { // one by one: a rule that checks creates a segment, deleted at once
                    check(List.of(text), "createSegment(segment: {key: \"hostile-rule\", name: \"h\", ruleText: $t%d}) "
                            + "{ key }", "mutation");
                    graphql("mutation { deleteSegment(key: \"hostile-rule\") }");
                }
            }
        }
        assertEquals(before, snapshot(), "no table changed");
    }

    /** One request with a field per text; each field's answer is data or a coded, non-internal error. */
    private static void check(List<String> texts, String field, String operation) {
        StringBuilder document = new StringBuilder(operation).append("(");
        StringBuilder fields = new StringBuilder();
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            document.append(i == 0 ? "" : ", ").append("$t").append(i).append(": String");
            fields.append(" f").append(i).append(": ").append(String.format(field, i));
            variables.put("t" + i, texts.get(i));
        }
        document.append(") {").append(fields).append(" }");
        ValidatableResponse response = graphql(document.toString(), variables);
        List<Map<String, Object>> errors = response.extract().path("errors");
        if (errors == null) {
            return;
        }
        for (Map<String, Object> error : errors) {
            @SuppressWarnings("unchecked")
            Map<String, Object> extensions = (Map<String, Object>) error.get("extensions");
            assertNotNull(extensions, error.toString());
            if (!CODES.contains(String.valueOf(extensions.get("code")))) {
                fail("an answer other than a client error: " + error + " for " + texts);
            }
            assertTrue(!String.valueOf(error.get("message")).contains("Exception"), error.toString());
        }
    }

    private static String text(Random random) {
        switch (random.nextInt(10)) {
            case 0: // deep nesting
                int depth = random.nextInt(3000);
                return "(".repeat(depth) + "age > 1" + ")".repeat(random.nextInt(depth + 1));
            case 1: // a huge string literal
                return "name = '" + "x".repeat(random.nextInt(20_000)) + "'";
            case 2: // long chains
                return String.join(random.nextBoolean() ? " and " : " or ",
                        java.util.Collections.nCopies(random.nextInt(400), "orders(in last 30 days) >= 1"));
            default: // random tokens
                StringBuilder text = new StringBuilder();
                for (int t = random.nextInt(30); t >= 0; t--) {
                    text.append(TOKENS.get(random.nextInt(TOKENS.size()))).append(random.nextInt(4) == 0 ? "" : " ");
                }
                return text.toString();
        }
    }

    /** What the tables hold, in one line: counts and the catalogue as text. */
    private String snapshot() {
        return pool.query("""
                select (select count(*) from customer) || '/' || (select count(*) from purchase) || '/'
                        || (select count(*) from visit) || '/' || (select count(*) from segment_membership) || '/'
                    || (select count(*) from membership_change) || '/' || (select count(*) from segment_candidate) || '/'
                    || (select count(*) from segment_size_daily) || '/'
                    || (select string_agg(key || coalesce(rule_text, ''), ',' order by key) from segment_definition)""")
                .execute().await().indefinitely().iterator().next().getString(0);
    }
}
