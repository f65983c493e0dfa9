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
        assertEquals("plain", csvCell("plain"));
        assertEquals("\"Smith, Ann\"", csvCell("Smith, Ann"));
        assertEquals("\"Ann \"\"the\"\" Buyer\"", csvCell("Ann \"the\" Buyer"));
        assertEquals("\"two\nlines\"", csvCell("two\nlines"));
        assertEquals("\"a\r\nb\"", csvCell("a\r\nb"));
        assertEquals("", csvCell(null));
        assertEquals("", csvCell(""));
    }

    @Test
    void csvGuardsEveryCellThatASpreadsheetWouldRunAsAFormula() {
        assertEquals("'=SUM(A1:A2)", csvCell("=SUM(A1:A2)"));
        assertEquals("'+31 20 123", csvCell("+31 20 123"));
        assertEquals("'-2+3", csvCell("-2+3"));
        assertEquals("'@cmd", csvCell("@cmd"));
        assertEquals("'\tTab", csvCell("\tTab"));
        assertEquals("\"'\rCR\"", csvCell("\rCR"), "a CR needs quotes as well as the guard");
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", csvCell("=HYPERLINK(\"http://x\",\"y\")"));
        assertEquals("a=b", csvCell("a=b"), "only the first character makes a formula");
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

    private static String csvCell(String value) {
        StringBuilder out = new StringBuilder();
        CsvMemberEncoder.text(out, value);
        return out.toString();
    }
}
