package com.clientele.segment;

import com.clientele.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.clientele.segment.Shop.line;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /segments/{key}/members} on a hand-made shop (era 1970): who may export, both formats equal to
 * what GraphQL reads, the consent filter, RFC 4180 quoting with the formula guard, and the refusals.
 * Three customers come through the API; three more are written with SQL, because the API refuses the
 * control characters (line break, tab, CR) whose quoting the CSV must get right.
 */
@QuarkusTest
class SegmentExportTest extends Pins {

    private static final String CSV_HEADER = "externalId,email,name,country,marketingConsent,since,detail\r\n";
    private static final String AS_OF = "1970-06-01T00:00:00Z";
    private final ShopSegments segments = new ShopSegments();

    @AfterEach
    void deleteCreatedSegments() {
        segments.deleteAll();
    }

    @Test
    void marketingAndAdminMayExportOtherRolesAndStrangersMayNot() {
        for (String role : List.of(Roles.MARKETING, Roles.ADMIN)) {
            ExportClient.as(role).get(ExportClient.PATH, "LOYAL").then().statusCode(200)
                    .header("Content-Type", "text/csv; charset=utf-8");
        }
        for (String role : List.of(Roles.STOREFRONT, Roles.INGEST)) {
            ExportClient.as(role).get(ExportClient.PATH, "LOYAL").then().statusCode(403)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
        given().get(ExportClient.PATH, "LOYAL").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer not.a.token").get(ExportClient.PATH, "LOYAL").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    /**
     * ann (API): a name with a comma and quotes, consent, three orders in window of which 80 % shoes, so
     * CATEGORY_FOCUSED with detail shoes. bob (API): a formula for a name, an e-mail starting with +, no consent.
     * cem (API): a name starting with -, no e-mail or country, consent. dee, eve, fay (SQL): a line break in
     * the name (consent), a leading tab (no consent), a leading CR (consent).
     */
    @Test
    void csvAndNdjsonHoldExactlyTheMembersGraphQLReads() {
        Fixture f = fixture();
        String csv = ExportClient.export(f.key, null, Map.of()).statusCode(200)
                .header("Content-Type", "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + f.key + "-members.csv\"")
                .header("Transfer-Encoding", "chunked")
                .extract().asString();
        String since = f.since.toString();
        assertEquals(CSV_HEADER
                + f.id("ann") + ",ann@example.nl,\"Ann, \"\"Annie\"\" Smith\",NL,true," + since + ",\r\n"
                + f.id("bob") + ",'+bob@example.nl,'=SUM(A1:A2),DE,false," + since + ",\r\n"
                + f.id("cem") + ",,'-cem,,true," + since + ",\r\n"
                + f.id("dee") + ",dee@example.nl,\"Dee\nLine\",NL,true," + since + ",\r\n"
                + f.id("eve") + ",,'\tTab,,false," + since + ",\r\n"
                + f.id("fay") + ",,\"'\rCarriage\",,true," + since + ",\r\n", csv);

        List<Map<String, Object>> graphql = ExportClient.membersThroughGraphQL(f.key);
        assertEquals(6, graphql.size());
        assertEquals(graphql, csvAsMembers(csv), "CSV, the guard taken off, equals GraphQL");
        String ndjson = ExportClient.export(f.key, "application/x-ndjson", Map.of()).statusCode(200)
                .header("Content-Type", "application/x-ndjson; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + f.key + "-members.ndjson\"")
                .extract().asString();
        assertEquals(graphql, ndjsonAsMembers(ndjson), "NDJSON carries the raw values");
        assertTrue(ndjson.contains("\"name\":\"=SUM(A1:A2)\""), ndjson);
    }

    @Test
    void consentTrueExportsOnlyCustomersWhoGaveIt() {
        Fixture f = fixture();
        List<String> consenting = List.of(f.id("ann"), f.id("cem"), f.id("dee"), f.id("fay"));
        assertEquals(consenting, externalIds(ExportClient.export(f.key, null, Map.of("consent", "true"))
                .statusCode(200).extract().asString()));
        assertEquals(consenting, ndjsonAsMembers(ExportClient.export(f.key, "application/x-ndjson",
                Map.of("consent", "true")).statusCode(200).extract().asString()).stream().map(m -> m.get("externalId")).toList());
        assertEquals(6, externalIds(ExportClient.export(f.key, null, Map.of("consent", "false"))
                .statusCode(200).extract().asString()).size());
    }

    /** A built-in segment with a detail, and other tests' members in it too: the whole segment, as GraphQL reads it. */
    @Test
    void aBuiltInSegmentExportsItsDetail() {
        Fixture f = fixture();
        String csv = ExportClient.export("CATEGORY_FOCUSED", "text/csv", Map.of()).statusCode(200).extract().asString();
        assertTrue(csv.contains("\r\n" + f.id("ann") + ",ann@example.nl,\"Ann, \"\"Annie\"\" Smith\",NL,true,"
                + f.since + ",shoes\r\n"), csv);
        assertEquals(ExportClient.membersThroughGraphQL("CATEGORY_FOCUSED"), csvAsMembers(csv));
    }

    @Test
    void refusalsNameWhatIsWrongAndEchoNothing() {
        ExportClient.export("NO_SUCH_SEGMENT", null, Map.of()).statusCode(404)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", not(containsString("NO_SUCH")));
        ExportClient.export("LOYAL", null, Map.of("consent", "maybe")).statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("consent"))
                .body("errors[0].message", not(containsString("maybe")));
        ExportClient.export("LOYAL", null, Map.of("format", "xlsx")).statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].extensions.inputPath", equalTo("format"));
        ExportClient.export("LOYAL", "application/json", Map.of()).statusCode(406)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        ExportClient.as(Roles.MARKETING).post(ExportClient.PATH, "LOYAL").then().statusCode(405)
                .header("Allow", "GET, HEAD")
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        ExportClient.as(Roles.MARKETING).head(ExportClient.PATH, "LOYAL").then().statusCode(200)
                .header("Content-Type", "text/csv; charset=utf-8")
                .header("Content-Disposition", startsWith("attachment; filename=\"LOYAL-members.csv\""))
                .body(emptyString());
        ExportClient.as(Roles.MARKETING).head(ExportClient.PATH, "NO_SUCH_SEGMENT").then().statusCode(404);
    }

    private record Fixture(Shop shop, String key, Instant since) {
        String id(String name) {
            return shop.id(name);
        }
    }

    private Fixture fixture() {
        Shop shop = new Shop(AS_OF)
                .customer("ann", "name", "Ann, \"Annie\" Smith", "email", "ann@example.nl", "country", "NL",
                        "marketingConsent", true)
                .customer("bob", "name", "=SUM(A1:A2)", "email", "+bob@example.nl", "country", "DE")
                .customer("cem", "name", "-cem", "marketingConsent", true)
                .orderWithLines("ann", 10, List.of(line("a", 1, "40", "category", "shoes")))
                .orderWithLines("ann", 20, List.of(line("a", 1, "40", "category", "shoes")))
                .orderWithLines("ann", 30, List.of(line("b", 1, "20", "category", "bags")))
                .save();
        String insert = """
                insert into customer (external_id, email, name, country, kind, registered, first_seen_at, marketing_consent)
                values ($1, $2, $3, $4, 'CONSUMER', true, $5, $6)""";
        OffsetDateTime firstSeen = OffsetDateTime.of(1968, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        pool.preparedQuery(insert).executeBatch(List.of(
                Tuple.from(Arrays.asList(shop.id("dee"), "dee@example.nl", "Dee\nLine", "NL", firstSeen, true)),
                Tuple.from(Arrays.asList(shop.id("eve"), null, "\tTab", null, firstSeen, false)),
                Tuple.from(Arrays.asList(shop.id("fay"), null, "\rCarriage", null, firstSeen, true))))
                .await().indefinitely();
        shop.recompute(); // metrics for the SQL-made customers too, so that a rule can select them
        String key = segments.create(shop, "all", null);
        // createSegment evaluates at the engine's instant, which the recompute pinned
        return new Fixture(shop, key, Instant.parse(AS_OF));
    }

    /** The CSV's records as member maps, with the formula guard taken off, for comparison with GraphQL. */
    private static List<Map<String, Object>> csvAsMembers(String csv) {
        List<List<String>> records = CsvRecords.parse(csv);
        assertEquals(List.of("externalId", "email", "name", "country", "marketingConsent", "since", "detail"), records.get(0));
        return records.subList(1, records.size()).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("externalId", unguarded(r.get(0)));
            m.put("email", unguarded(r.get(1)));
            m.put("name", unguarded(r.get(2)));
            m.put("country", unguarded(r.get(3)));
            m.put("marketingConsent", Boolean.parseBoolean(r.get(4)));
            m.put("since", r.get(5));
            m.put("detail", unguarded(r.get(6)));
            return m;
        }).toList();
    }

    private static List<Map<String, Object>> ndjsonAsMembers(String ndjson) {
        assertTrue(ndjson.isEmpty() || ndjson.endsWith("\n"));
        return ndjson.lines().map(line -> (Map<String, Object>) new LinkedHashMap<>(new JsonObject(line).getMap())).toList();
    }

    /** An empty cell is null; a cell the guard prefixed loses its quote. */
    private static String unguarded(String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        return cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0 ? cell.substring(1) : cell;
    }

    private static List<String> externalIds(String csv) {
        List<List<String>> records = CsvRecords.parse(csv);
        return records.subList(1, records.size()).stream().map(r -> r.get(0)).toList();
    }
}
