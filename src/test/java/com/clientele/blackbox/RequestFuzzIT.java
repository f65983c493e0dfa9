package com.clientele.blackbox;

import com.clientele.common.ErrorCode;
import com.clientele.security.Roles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Generated requests against the packaged service: malformed bodies, wrong media types and types,
 * huge and odd strings (NUL, lone surrogates, SQL, wildcards), extreme numbers and instants, bad
 * cursors, random tokens and roles, as variables and as literals. Whatever comes in:
 * <ul>
 *   <li>never HTTP 500 and never {@code INTERNAL}; every error has a code of the fixed set;</li>
 *   <li>no error repeats a value the request sent;</li>
 *   <li>a refused mutation writes nothing (a fingerprint of every table is unchanged).</li>
 * </ul>
 */
class RequestFuzzIT {

    private static final Set<Integer> STATUSES = Set.of(200, 400, 401, 403, 405, 406, 413, 415, 503);
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
    private static final String FINGERPRINT = """
            select (select count(*) from customer) || '/' || (select coalesce(sum(hashtext(c::text)), 0) from customer c)
                || '/' || (select count(*) from purchase) || '/' || (select count(*) from purchase where cancelled_at is not null)
                || '/' || (select count(*) from visit) || '/' || (select count(*) from purchase_line)
                || '/' || (select string_agg(name || '=' || coalesce(value::text, ''), ',' order by name) from segment_setting)
                || '/' || (select coalesce(pinned_as_of::text, '') from segment_state)""";
    private static BlackBox box;
    private static Connection sql;
    private static final AtomicInteger SENT = new AtomicInteger();
    private static final Map<Integer, Integer> BY_STATUS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final AtomicInteger REFUSED_MUTATIONS = new AtomicInteger();

    private static long logBefore;

    @BeforeContainer
    static void start() throws Exception {
        box = BlackBox.get();
        sql = box.sql();
        logBefore = java.nio.file.Files.size(box.service.log);
        box.service.graphql(Roles.ADMIN, "mutation { upsertCustomers(customers: [{externalId: \"fuzz-c-1\"}, "
                + "{externalId: \"fuzz-c-2\"}]) { id } }", Map.of());
    }

    @AfterContainer
    static void report() throws Exception {
        long logged = java.nio.file.Files.size(box.service.log) - logBefore;
        System.out.printf("fuzz: %d requests, by HTTP status %s, %d refused mutations checked to have written nothing; "
                + "%d bytes of log%n", SENT.get(), BY_STATUS, REFUSED_MUTATIONS.get(), logged);
        sql.close();
        // client errors take one line without stack trace, at most a few lines a second
        if (logged > 200L * SENT.get()) {
            throw new AssertionError(logged + " bytes of log for " + SENT.get() + " requests:\n" + box.service.logTail());
        }
    }

    /** One generated HTTP request: a raw body, its content type, the role of its token (or none). */
    record Fuzzed(String body, String contentType, String role, String mutation, List<String> sent) {
        @Override
        public String toString() {
            return contentType + " as " + role + ": " + body.substring(0, Math.min(300, body.length()));
        }
    }

    @Property(tries = 10_000, shrinking = ShrinkingMode.BOUNDED)
    void noRequestFailsTheServiceEchoesItsValuesOrWritesWhenRefused(@ForAll("requests") Fuzzed request) throws Exception {
        String before = request.mutation() == null ? null : fingerprint();
        Map<String, String> headers = new HashMap<>();
        if (request.contentType() != null) {
            headers.put("Content-Type", request.contentType());
        }
        if (request.role() != null) {
            headers.put("Authorization", "Bearer " + (request.role().equals("forged") ? "eyJhbGciOiJub25lIn0.e30."
                    : box.service.token(request.role())));
        }
        HttpResponse<String> response = box.service.post(request.body(), headers);
        SENT.incrementAndGet();
        BY_STATUS.merge(response.statusCode(), 1, Integer::sum);
        if (!STATUSES.contains(response.statusCode())) {
            throw new AssertionError("HTTP " + response.statusCode() + " for " + request + "\n" + response.body());
        }
        JsonObject body;
        try {
            body = new JsonObject(response.body());
        } catch (DecodeException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body() + " for " + request);
        }
        JsonArray errors = body.getJsonArray("errors", new JsonArray());
        for (int i = 0; i < errors.size(); i++) {
            JsonObject error = errors.getJsonObject(i);
            String code = error.getJsonObject("extensions", new JsonObject()).getString("code");
            if (code == null || !CODES.contains(code) || code.equals("INTERNAL")) {
                throw new AssertionError("error with code " + code + ": " + error.encode() + " for " + request);
            }
            String text = error.getString("message") + error.getJsonObject("extensions").encode();
            for (String value : request.sent()) {
                if (value.length() >= 6 && text.contains(value)) {
                    throw new AssertionError("the error echoes a sent value: " + error.encode() + " for " + request);
                }
            }
        }
        if (response.statusCode() == 503 && !errors.isEmpty()) {
            String code = errors.getJsonObject(0).getJsonObject("extensions").getString("code");
            if (!"UNAVAILABLE".equals(code)) {
                throw new AssertionError("503 with " + code + " for " + request);
            }
        }
        if (request.mutation() != null && !errors.isEmpty()
                && (body.getJsonObject("data") == null || body.getJsonObject("data").getValue(request.mutation()) == null)) {
            REFUSED_MUTATIONS.incrementAndGet();
            String after = fingerprint();
            if (!before.equals(after)) {
                throw new AssertionError("a refused mutation wrote something: " + request + "\n" + response.body());
            }
        }
    }

    private static String fingerprint() throws Exception {
        try (Statement statement = sql.createStatement(); ResultSet rows = statement.executeQuery(FINGERPRINT)) {
            rows.next();
            return rows.getString(1);
        }
    }

    // ---- generators -----------------------------------------------------------------------------

    @Provide
    Arbitrary<Fuzzed> requests() {
        Arbitrary<String> roles = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Roles.ADMIN)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(Roles.INGEST, Roles.MARKETING, Roles.STOREFRONT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("forged", "viewer")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<String> contentTypes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("text/plain", "application/x-www-form-urlencoded",
                        "application/graphql", "application/json; charset=latin1", "application/json;charset=UTF-8",
                        "multipart/form-data", "")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<Call> calls = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, graphqlRequest()),
                net.jqwik.api.Tuple.of(1, malformedEnvelope()));
        return Combinators.combine(calls, roles, contentTypes)
                .as((call, role, type) -> new Fuzzed(call.body, type, role, call.mutation, call.sent));
    }

    /** A request body with what it sent, and the mutation field it runs (null for queries). */
    record Call(String body, String mutation, List<String> sent) {
    }

    private Arbitrary<Call> graphqlRequest() {
        Arbitrary<Object> value = values();
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Combinators.combine(Arbitraries.of(TEMPLATES), value, value, value, value)
                        .as((template, a, b, c, d) -> template.call(Arrays.asList(a, b, c, d)))),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(LITERAL_TEMPLATES), value)
                        .as(RequestFuzzIT::literal)),
                net.jqwik.api.Tuple.of(1, tokenSoup()));
    }

    private Arbitrary<Call> malformedEnvelope() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(b -> new String(b, StandardCharsets.ISO_8859_1)),
                Arbitraries.of("", "{", "null", "[]", "[{\"query\":\"{__typename}\"}]", "\"query\"", "{\"query\": 1}",
                        "{\"query\": [\"{ __typename }\"]}", "{\"query\": null}", "{\"qeury\": \"{ __typename }\"}",
                        "{\"query\": \"{ __typename }\", \"variables\": \"{}\"}", "{\"query\": \"{ __typename }\", \"variables\": []}",
                        "{\"query\": \"{ __typename }\", \"operationName\": 7}", "{\"query\": \"{ __typename }\", \"extensions\": 1}",
                        "{\"query\": \"{ __typename }\"} trailing", "{\"query\": \"\\ud800\"}", "{\"query\": \"{ __typename }\" ",
                        "{\"query\": \"query A { __typename } query B { __typename }\"}",
                        "{\"query\": \"query A { __typename }\", \"operationName\": \"B\"}",
                        "{\"query\": \"mutation { __typename }\"}", "{\"query\": \"subscription { __typename }\"}"),
                Arbitraries.integers().between(100, 5_000).map(n -> "{\"query\": \"{ __typename }\", \"variables\": {\"x\": "
                        + "[".repeat(n) + "]".repeat(n) + "}}"))
                .map(body -> new Call(body, null, List.of()));
    }

    private static Arbitrary<Call> tokenSoup() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "(", ")", ":", "$", "...", "@", "!", "=", "[", "]", "|", "&",
                "query", "mutation", "fragment", "on", "customers", "first", "edges", "node", "__typename", "__schema",
                "\"x\"", "\"\"\"block\"\"\"", "1", "-1.5e10", "true", "null", "#comment\n", ",", "customerSegments",
                "externalId", "upsertCustomers", "customers:", "Zq", "\\u0000");
        return token.list().ofMaxSize(60).map(tokens ->
                new Call(new JsonObject().put("query", String.join(" ", tokens)).encode(), null, List.of()));
    }

    /** JSON values for variables: mostly odd strings, instants, numbers, cursors; sometimes the wrong shape. */
    private static Arbitrary<Object> values() {
        Arbitrary<String> marked = Arbitraries.strings().alpha().numeric().ofMinLength(4).ofMaxLength(12).map(s -> "Zq" + s);
        Arbitrary<String> odd = Arbitraries.of("\u0000", "a\u0000b", "\ud800", "x\udc00y", "\ud83c", "🏃‍♀️🏊", "\u202eevil",
                "%", "_", "%_\\", "'; drop table customer; --", "\" or 1=1 --", "${jndi:ldap://x/y}", "<script>x</script>",
                "NaN", "Infinity", "-0", "0", "null", "true", " ", "\t\n", "NL", "EUR", "LOYAL", "DESKTOP", "CONSUMER");
        Arbitrary<String> huge = Arbitraries.integers().between(1_000, 300_000).map(n -> "Zqhuge" + "y".repeat(n));
        Arbitrary<String> unicode = Arbitraries.strings().ofMaxLength(30).map(s -> "Zq" + s);
        Arbitrary<String> instants = Arbitraries.of("2026-01-01T00:00:00Z", "1998-07-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999+14:00",
                "2026-13-45T99:99:99Z", "yesterday", "2026-01-01", "2026-01-01T00:00:00", "2100-01-01T00:00:00Z",
                "1900-01-01T00:00:00Z", "2026-02-29T00:00:00Z", "10000-01-01T00:00:00Z");
        Arbitrary<String> dates = Arbitraries.of("2026-01-01", "1899-12-31", "9999-12-31", "+999999999-12-31", "0001-01-01",
                "2026-02-30", "20260101", "1990-05-05");
        Arbitrary<String> decimals = Arbitraries.of("1e400", "-1e-400", "123456789012345678901234567890.123456789",
                "0.00001", "-5", "10.5", "1E+2147483647", "0x10", "1_000", "99999999999999.9999");
        Arbitrary<String> cursors = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40),
                Arbitraries.of("customer:abc", "customer:-1", "customer:99999999999999999999", "purchase:99999999999999999/1",
                        "purchase:1/1", "visit:-9223372036854775808/0", "change:1", "customer:", "purchase:1/", "x\u0000")
                        .map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8))));
        Arbitrary<Object> numbers = Arbitraries.oneOf(
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1, 500, 501, 1000, 1001, 100_000),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 1e308, -1e-308, 0.5, 4.2e9));
        Arbitrary<Object> shapes = Arbitraries.of(List.of(), List.of(1, "a"), Map.of("a", 1), true, false);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, marked.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(3, odd.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(1, huge.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(2, unicode.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(3, instants.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(2, dates.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(2, decimals.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(3, cursors.map(Object.class::cast)),
                net.jqwik.api.Tuple.of(3, numbers),
                net.jqwik.api.Tuple.of(1, shapes),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Object) null)));
    }

    /** A document with variables $a..$d, filled from four generated values. */
    private record Template(String mutation, String document, Variables variables) {
        Call call(List<Object> values) {
            Map<String, Object> vars = variables.of(values);
            List<String> sent = new ArrayList<>();
            collect(vars, sent);
            JsonObject body = new JsonObject().put("query", document).put("variables", new JsonObject(vars));
            return new Call(body.encode(), mutation, sent);
        }
    }

    @FunctionalInterface
    private interface Variables {
        Map<String, Object> of(List<Object> v);
    }

    private static final List<Template> TEMPLATES = List.of(
            new Template(null, "query($a: ID!) { customer(id: $a) { id externalId email } }", v -> vars("a", v.get(0))),
            new Template(null, "query($a: String!, $b: Int, $c: String) { customerByExternalId(externalId: $a) { id "
                    + "purchases(first: $b, after: $c) { totalCount edges { cursor node { total } } } } }",
                    v -> vars("a", v.get(0), "b", v.get(1), "c", v.get(2))),
            new Template(null, "query($a: Int, $b: String, $c: String, $d: CustomerKind) { customers(first: $a, after: $b, "
                    + "filter: {country: $c, kind: $d}) { totalCount edges { cursor node { id } } } }",
                    v -> vars("a", v.get(0), "b", v.get(1), "c", v.get(2), "d", v.get(3))),
            new Template(null, "query($a: String!) { customerSegments(externalId: $a) }", v -> vars("a", v.get(0))),
            new Template(null, "query($a: String!, $b: Date, $c: Date, $d: String) { segment(key: $a) { key size "
                    + "sizeHistory(from: $b, to: $c) { date size } members(first: 3, after: $d) { totalCount } } }",
                    v -> vars("a", v.get(0), "b", v.get(1), "c", v.get(2), "d", v.get(3))),
            new Template(null, "query($a: String!, $b: Int, $c: String) { customerByExternalId(externalId: $a) { "
                    + "segmentHistory(first: $b, after: $c) { edges { cursor } } visits(first: $b, after: $c) { totalCount } } }",
                    v -> vars("a", v.get(0), "b", v.get(1), "c", v.get(2))),
            new Template(null, "query($a: SegmentFamily) { segments(family: $a) { key } }", v -> vars("a", v.get(0))),
            new Template("upsertCustomers", "mutation($a: [CustomerInput!]!) { upsertCustomers(customers: $a) { id } }",
                    v -> vars("a", List.of(customer(v)))),
            new Template("upsertCustomers", "mutation($a: [CustomerInput!]!) { upsertCustomers(customers: $a) { id } }",
                    v -> vars("a", v.get(0))),
            new Template("recordPurchases", "mutation($a: [PurchaseInput!]!) { recordPurchases(purchases: $a) { id } }",
                    v -> vars("a", List.of(purchase(v)))),
            new Template("recordVisits", "mutation($a: [VisitInput!]!) { recordVisits(visits: $a) { id } }",
                    v -> vars("a", List.of(visit(v)))),
            new Template("cancelPurchase", "mutation($a: String!) { cancelPurchase(externalId: $a) { id } }", v -> vars("a", v.get(0))),
            new Template("eraseCustomer", "mutation($a: String!) { eraseCustomer(externalId: $a) }", v -> vars("a", v.get(0))),
            new Template("updateSegmentSettings", "mutation($a: Int, $b: BigDecimal, $c: BigDecimal) { updateSegmentSettings("
                    + "settings: {window: $a, discountShare: $b, bigSpenderOrderTotal: $c}) { window } }",
                    v -> vars("a", v.get(0), "b", v.get(1), "c", v.get(2))),
            new Template("recomputeSegments", "mutation($a: DateTime) { recomputeSegments(asOf: $a) { customers } }",
                    v -> vars("a", v.get(0))));

    /** The same operations with the value written into the document as a GraphQL literal. */
    private static final List<String> LITERAL_TEMPLATES = List.of(
            "{ customerSegments(externalId: %s) }",
            "{ customers(first: %s) { totalCount } }",
            "{ customer(id: %s) { id } }",
            "mutation { upsertCustomers(customers: [{externalId: \"fuzz-c-1\", name: %s}]) { id } }",
            "mutation { recordVisits(visits: [{externalId: \"fuzz-v\", customerExternalId: \"fuzz-c-1\", startedAt: %s}]) { id } }",
            "mutation { recomputeSegments(asOf: %s) { customers } }",
            "{ segment(key: \"LOYAL\") { sizeHistory(from: %s) { size } } }");

    private static Call literal(String template, Object value) {
        String literal = value instanceof String s ? graphqlString(s) : String.valueOf(value);
        String document = String.format(template, literal);
        List<String> sent = new ArrayList<>();
        collect(value, sent);
        String mutation = document.startsWith("mutation") ? document.substring(11, document.indexOf('(')) : null;
        return new Call(new JsonObject().put("query", document).encode(), mutation, sent);
    }

    /** A GraphQL string literal, with some escapes written the way clients get them wrong. */
    private static String graphqlString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return out.append('"').toString();
    }

    private static Map<String, Object> customer(List<Object> v) {
        return vars("externalId", v.get(0), "email", v.get(1), "country", v.get(2), "birthDate", v.get(3),
                "firstSeenAt", v.get(2), "attributes", List.of(vars("key", "k", "text", v.get(1))));
    }

    private static Map<String, Object> purchase(List<Object> v) {
        return vars("externalId", v.get(0), "customerExternalId", "fuzz-c-1", "orderedAt", v.get(1), "currency", v.get(2),
                "discount", v.get(3), "lines", List.of(vars("sku", v.get(3), "quantity", v.get(2), "unitPrice", v.get(1))));
    }

    private static Map<String, Object> visit(List<Object> v) {
        return vars("externalId", v.get(0), "customerExternalId", v.get(1), "startedAt", v.get(2), "productViews", v.get(3));
    }

    private static Map<String, Object> vars(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static void collect(Object value, List<String> sent) {
        if (value instanceof String s) {
            sent.add(s);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, sent));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, sent));
        }
    }
}
