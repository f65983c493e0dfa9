package com.clientele.segment;

import com.clientele.Tokens;
import com.clientele.security.Roles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export of a segment of 40,000 members of ~560 bytes a line (22 MB of CSV, 8 pages of 5,000), read
 * through a raw socket with a small receive buffer, so that the test decides when bytes are read:
 * <ul>
 *   <li>a reader that stops keeps the export waiting: the rows it encoded (clientele.export.rows) run ahead of
 *       what the reader took by no more than what the kernel's socket buffers and two pages hold, instead of all
 *       22 MB. (The rows encoded ahead are the measure, not the heap: Netty queues unsent chunks in direct
 *       memory, which the heap does not show. bench/export watches the process's memory instead.)</li>
 *   <li>a reader that leaves stops the export: no further page is read;</li>
 *   <li>a page that fails mid-way (its database connection terminated) ends the response without the chunked
 *       body's last chunk, so the download is visibly cut short.</li>
 * </ul>
 * The customers are written with one SQL statement and put into a custom segment through the API.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentExportAtScaleTest extends Pins {

    private static final int MEMBERS = 40_000;
    private static final int PAGE = 5_000;
    /** What the kernel may hold between the two ends: the server's send buffer (tcp_wmem max, 4 MB) and more. */
    private static final long SOCKET_BUFFERS = 6L << 20;
    private static final String BULK = """
            insert into customer (external_id, email, name, kind, registered, first_seen_at, marketing_consent)
            select $1 || lpad(i::text, 6, '0'), 'bulk' || lpad(i::text, 6, '0') || '@' || repeat('x', 290) || '.nl',
                   repeat('n', 200), 'CONSUMER', true, timestamptz '1971-01-01 00:00Z', true
            from generate_series(1, $2) i""";

    @Inject
    MeterRegistry metrics;
    @TestHTTPResource("/")
    URL service;
    private String prefix;
    private String key;

    @BeforeAll
    void fortyThousandMembers() {
        onServicePort(this::createMembers);
    }

    @AfterAll
    void removeThem() {
        onServicePort(this::deleteMembers);
    }

    /** RestAssured learns the test port only around each test; the class's set-up and clean-up run outside. */
    private void onServicePort(Runnable work) {
        int port = RestAssured.port;
        RestAssured.port = service.getPort();
        try {
            work.run();
        } finally {
            RestAssured.port = port;
        }
    }

    private void createMembers() {
        prefix = unique("bulk");
        pool.preparedQuery(BULK).execute(Tuple.of(prefix + "-", MEMBERS)).await().indefinitely();
        graphql("mutation { recomputeSegments(asOf: \"1972-01-01T00:00:00Z\") { customers } }").body("errors", nullValue());
        key = prefix.toLowerCase() + "-all";
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { size } }", Map.of("s", Map.of("key", key,
                "name", "Bulk export", "ruleText", "externalId starts with '" + prefix + "-'")))
                .body("errors", nullValue());
    }

    private void deleteMembers() {
        graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", key));
        pool.preparedQuery("delete from customer where external_id like $1").execute(Tuple.of(prefix + "-%"))
                .await().indefinitely();
    }

    @Test
    void aReaderThatStopsHoldsTheExportBackAndGetsEverythingWhenItGoesOn() throws Exception {
        double before = exportedRows();
        try (Socket socket = request()) {
            InputStream in = socket.getInputStream();
            byte[] head = readAtLeast(in, 256 * 1024);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200"), text.substring(0, 40));
            int lineBytes = dataLineBytes(text);
            long encoded = settledRows(before);

            long aheadBytes = encoded * lineBytes - head.length;
            System.out.printf("Stalled reader: %d of %d rows encoded, %d bytes ahead of the reader%n", encoded, MEMBERS,
                    aheadBytes);
            assertTrue(encoded < MEMBERS, "the export waits for the reader: " + encoded + " rows encoded");
            assertTrue(aheadBytes < SOCKET_BUFFERS + 2L * PAGE * lineBytes,
                    "encoded ahead of the reader: " + aheadBytes + " bytes (" + encoded + " rows of " + lineBytes + ")");

            byte[] rest = in.readAllBytes();
            String tail = new String(rest, rest.length - 7, 7, StandardCharsets.ISO_8859_1);
            assertEquals("\r\n0\r\n\r\n", tail, "the chunked body ends with its last chunk");
            assertEquals(MEMBERS, Math.round(exportedRows() - before));
            long body = head.length + rest.length;
            assertTrue(body > (long) MEMBERS * lineBytes, "every line arrived: " + body + " bytes");
        }
    }

    @Test
    void aReaderThatLeavesStopsTheExport() throws Exception {
        double before = exportedRows();
        try (Socket socket = request()) {
            readAtLeast(socket.getInputStream(), 64 * 1024);
            settledRows(before);
        }
        long atClose = settledRows(before);
        assertTrue(atClose < MEMBERS, "stopped at " + atClose + " rows");
        TimeUnit.MILLISECONDS.sleep(500);
        assertEquals(atClose, Math.round(exportedRows() - before), "no page is read after the client left");
    }

    @Test
    void aPageThatFailsMidwayCutsTheDownloadShort() throws Exception {
        double before = exportedRows();
        var lock = pool.getConnection().await().indefinitely();
        try (Socket socket = request()) {
            InputStream in = socket.getInputStream();
            byte[] head = readAtLeast(in, 256 * 1024);
            settledRows(before);
            // the next page will wait for this lock; its connection is then terminated, as if the database went down
            lock.query("begin").execute().await().indefinitely();
            lock.query("lock table segment_membership in access exclusive mode").execute().await().indefinitely();
            CompletableFuture<byte[]> rest = CompletableFuture.supplyAsync(() -> readToEnd(in));
            terminateTheWaitingPageQuery();
            lock.query("rollback").execute().await().indefinitely();

            byte[] received = rest.get(30, TimeUnit.SECONDS);
            String tail = new String(received, Math.max(0, received.length - 7), Math.min(7, received.length),
                    StandardCharsets.ISO_8859_1);
            assertFalse(tail.endsWith("0\r\n\r\n"), "no last chunk: the client sees a truncated download");
            assertTrue(Math.round(exportedRows() - before) < MEMBERS);
            assertTrue(head.length + received.length < (long) MEMBERS * 500);
        } finally {
            lock.query("rollback").execute().onFailure().recoverWithNull().await().indefinitely();
            lock.close().await().indefinitely();
        }
    }

    private void terminateTheWaitingPageQuery() throws InterruptedException {
        String find = """
                select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'
                  and query like '%from segment_membership m join customer c%'""";
        for (int i = 0; i < 200; i++) {
            if (pool.query(find).execute().await().indefinitely().size() > 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("the export's next page never waited for the lock");
    }

    /** A GET of the export on a socket whose small receive buffer leaves the pace to the test. */
    private Socket request() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(service.getHost(), service.getPort()));
        String get = "GET /segments/" + key + "/members HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + Tokens.of(Roles.MARKETING) + "\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static byte[] readAtLeast(InputStream in, int bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (out.size() < bytes) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] readToEnd(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset connection: what was read so far is the download
        }
        return out.toByteArray();
    }

    /** The length of one CSV data line with its CRLF: every member's line is equally long by construction. */
    private static int dataLineBytes(String text) {
        int header = text.indexOf("externalId,email,name,country,marketingConsent,since,detail\r\n");
        int first = text.indexOf("\r\n", header) + 2;
        return text.indexOf("\r\n", first) + 2 - first;
    }

    /** Rows encoded since {@code before}, once the count has not moved for half a second (at most 20 s). */
    private long settledRows(double before) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            long now = Math.round(exportedRows() - before);
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return last;
    }

    private double exportedRows() {
        var counter = metrics.find("clientele.export.rows").tag("format", "csv").counter();
        return counter == null ? 0 : counter.count();
    }
}
