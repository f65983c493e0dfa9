package com.clientele.segment.export;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two export formats on hand-written members: RFC 4180 quoting, the formula guard, JSON escaping. */
class MemberEncodersTest {

    private static final Instant SINCE = Instant.parse("2026-11-01T10:15:30.123456Z");

    @Test
    void csvQuotesCommasQuotesAndLineBreaksAsRfc4180Says() {
        assertCsvCells(
                "plain", "plain",
                "Smith, Ann", "\"Smith, Ann\"",
                "Ann \"the\" Buyer", "\"Ann \"\"the\"\" Buyer\"",
                "two\nlines", "\"two\nlines\"",
                "a\r\nb", "\"a\r\nb\"",
                "", "");
        assertEquals("", csvCell(null));
    }

    @Test
    void csvGuardsEveryCellThatASpreadsheetWouldRunAsAFormula() {
        assertCsvCells(
                "=SUM(A1:A2)", "'=SUM(A1:A2)",
                "+31 20 123", "'+31 20 123",
                "-2+3", "'-2+3",
                "@cmd", "'@cmd",
                "\tTab", "'\tTab",
                "\rCR", "\"'\rCR\"", // a CR needs quotes as well as the guard
                "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
                "a=b", "a=b"); // only the first character makes a formula
    }

    @Test
    void csvWritesTheHeaderThenOneCrlfLinePerMember() {
        CsvMemberEncoder csv = new CsvMemberEncoder();
        StringBuilder out = new StringBuilder(csv.preamble());
        csv.append(out, new ExportedMember(1, "ann", "ann@example.nl", "Smith, Ann", "NL", true, SINCE, "shoes"));
        csv.append(out, new ExportedMember(2, "bob", null, null, null, false, Instant.parse("2026-11-01T00:00:00Z"), null));
        assertEquals("externalId,email,name,country,marketingConsent,since,detail\r\n"
                + "ann,ann@example.nl,\"Smith, Ann\",NL,true,2026-11-01T10:15:30.123456Z,shoes\r\n"
                + "bob,,,,false,2026-11-01T00:00:00Z,\r\n", out.toString());
    }

    @Test
    void ndjsonWritesTheRawValuesOneObjectPerLine() {
        NdjsonMemberEncoder ndjson = new NdjsonMemberEncoder();
        StringBuilder out = new StringBuilder(ndjson.preamble());
        ndjson.append(out, new ExportedMember(1, "ann", "a\"b\\c@example.nl", "=Ann\n\t\u0001", "NL", true, SINCE, null));
        assertEquals("{\"externalId\":\"ann\",\"email\":\"a\\\"b\\\\c@example.nl\",\"name\":\"=Ann\\n\\t\\u0001\","
                + "\"country\":\"NL\",\"marketingConsent\":true,\"since\":\"2026-11-01T10:15:30.123456Z\",\"detail\":null}\n",
                out.toString());
        JsonObject parsed = new JsonObject(out.toString().trim());
        assertEquals("=Ann\n\t\u0001", parsed.getString("name"), "a JSON reader gets the value back unchanged");
        assertEquals("a\"b\\c@example.nl", parsed.getString("email"));
    }

    /** Pairs of a value and the cell it must become. */
    private static void assertCsvCells(String... valueThenCell) {
        for (int i = 0; i < valueThenCell.length; i += 2) {
            assertEquals(valueThenCell[i + 1], csvCell(valueThenCell[i]), "the cell of value #" + i / 2);
        }
    }

    private static String csvCell(String value) {
        StringBuilder out = new StringBuilder();
        CsvMemberEncoder.cell(out, value);
        return out.toString();
    }
}
