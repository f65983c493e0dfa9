package com.clientele.segment.export;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.impl.ParsableMIMEValue;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which format an Accept header gets, and which query parameters an export takes. */
class ExportNegotiationTest {

    @Test
    void csvUnlessTheClientAsksForNdjson() {
        assertEquals(ExportFormat.CSV, ExportFormat.negotiate(List.of()));
        assertEquals(ExportFormat.CSV, negotiate("*/*"));
        assertEquals(ExportFormat.CSV, negotiate("text/csv"));
        assertEquals(ExportFormat.CSV, negotiate("text/*"));
        assertEquals(ExportFormat.NDJSON, negotiate("application/x-ndjson"));
        assertEquals(ExportFormat.NDJSON, negotiate("application/ndjson"));
        assertEquals(ExportFormat.NDJSON, negotiate("application/json", "application/x-ndjson"));
        assertEquals(ExportFormat.CSV, negotiate("application/x-ndjson;q=0", "text/csv"));
        assertNull(negotiate("application/json"));
        assertNull(negotiate("text/csv;q=0"));
    }

    @Test
    void onlyConsentTrueOrFalseIsTaken() {
        assertEquals(new ExportParameters(false), ExportParameters.parse(query()).parameters());
        assertEquals(new ExportParameters(true), ExportParameters.parse(query("consent", "true")).parameters());
        assertEquals(new ExportParameters(false), ExportParameters.parse(query("consent", "false")).parameters());
        assertEquals("consent", ExportParameters.parse(query("consent", "maybe")).problem().path());
        assertEquals("consent", ExportParameters.parse(query("consent", "true", "consent", "false")).problem().path());
        assertEquals("consnet", ExportParameters.parse(query("consnet", "true")).problem().path());
        assertTrue(ExportParameters.parse(query("<script>", "1")).problem().path().equals("query"),
                "a name that is not a plain identifier is not repeated back");
    }

    private static ExportFormat negotiate(String... ranges) {
        List<MIMEHeader> headers = Arrays.stream(ranges).map(r -> (MIMEHeader) new ParsableMIMEValue(r).forceParse()).toList();
        return ExportFormat.negotiate(headers);
    }

    private static MultiMap query(String... pairs) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            map.add(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
