package com.clientele.segment.export;

import com.clientele.graphql.JsonErrors;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One export being streamed: reads a page of members, writes it as one chunk, and reads the next page only
 * when the response can take more ({@code writeQueueFull}, then {@code drainHandler}). So a slow client
 * slows the reading instead of piling pages up in memory: an export holds about one page, whatever the
 * segment's size. Every step runs on the request's event loop; nothing blocks.
 * <p>
 * How it ends: after the last page, with the chunked body's terminating chunk; when the client goes away,
 * by reading no further page; when a page fails after the response began, by resetting the connection
 * without the terminating chunk, so that the client sees a broken download (curl: exit 18) and never a
 * complete-looking short file. A failure of the first page is still an ordinary JSON error (503 or 500).
 * One log line per export: key, format, rows, milliseconds and how it ended; never a customer's data.
 */
final class MemberExport {

    private static final Logger LOG = Logger.getLogger(MemberExport.class);

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final ExportRequest request;
    private final MemberPages pages;
    private final Counter exportedRows;
    private final MemberEncoder encoder;
    /** Database results may arrive on the pool's thread; everything that touches the response continues here. */
    private final Executor onRequestContext;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean finished = new AtomicBoolean();
    private long rows;
    private boolean responseBegun;
    private boolean awaitingDrain;
    private boolean clientGone;

    MemberExport(RoutingContext ctx, Executor onRequestContext, ExportRequest request, MemberPages pages,
                 Counter exportedRows) {
        this.ctx = ctx;
        this.response = ctx.response();
        this.request = request;
        this.pages = pages;
        this.exportedRows = exportedRows;
        this.encoder = request.format().encoder();
        this.onRequestContext = onRequestContext;
    }

    void start() {
        response.closeHandler(ignored -> clientLeft());
        clientGone = response.closed(); // the client may have left while the segment was looked up
        fetchAfter(0);
    }

    private void fetchAfter(long customerId) {
        if (clientGone) {
            finish("ended by the client", null);
            return;
        }
        pages.after(request, customerId)
                .emitOn(onRequestContext)
                .subscribe().with(this::writeOrFail, this::failed);
    }

    /** A fault while writing (a bug) must end the response like a failed page, not leave it hanging. */
    private void writeOrFail(List<ExportedMember> page) {
        try {
            write(page);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void write(List<ExportedMember> page) {
        if (clientGone) {
            finish("ended by the client", null);
            return;
        }
        StringBuilder text = new StringBuilder(Math.max(256, page.size() * 128));
        if (!responseBegun) {
            begin();
            text.append(encoder.preamble());
        }
        for (ExportedMember member : page) {
            encoder.append(text, member);
        }
        rows += page.size();
        exportedRows.increment(page.size());
        Buffer chunk = Buffer.buffer(text.toString());
        if (page.size() < pages.size()) {
            response.end(chunk);
            finish("complete", null);
            return;
        }
        response.write(chunk);
        long last = page.get(page.size() - 1).customerId();
        if (response.writeQueueFull()) {
            awaitingDrain = true;
            response.drainHandler(ignored -> {
                awaitingDrain = false;
                response.drainHandler(null);
                fetchAfter(last);
            });
        } else {
            fetchAfter(last);
        }
    }

    private void begin() {
        responseBegun = true;
        describe(response, request);
    }

    /**
     * Status and headers of a download (also the answer to HEAD): chunked, as its length is not known
     * before the end. Keys are UPPER_SNAKE or lower-case slugs (the route found the key in the catalogue),
     * safe inside the quoted filename. The body is personal data: not to be cached on the way.
     */
    static HttpServerResponse describe(HttpServerResponse response, ExportRequest request) {
        ExportFormat format = request.format();
        return response.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, format.mediaType + "; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + request.key() + "-members." + format.extension + "\"")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Content-Type-Options", "nosniff");
    }

    private void failed(Throwable failure) {
        if (clientGone || finished.get()) {
            finish("ended by the client", null);
        } else if (!responseBegun) {
            JsonErrors.failed(ctx, failure, "member export");
            finish("failed before the first row", failure);
        } else {
            response.reset();
            finish("failed; connection reset, the download is truncated", failure);
        }
    }

    private void clientLeft() {
        clientGone = true;
        if (awaitingDrain) {
            finish("ended by the client", null);
        }
    }

    private void finish(String outcome, Throwable failure) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        String line = String.format("Export of segment %s: %,d rows in %,d ms, %s", request.describe(), rows, millis,
                outcome);
        if (failure == null) {
            LOG.info(line);
        } else {
            // the cause's class and SQL state tell what broke; the stack trace would add nothing about the database
            LOG.warn(line + " (" + failure.getClass().getName() + ": " + failure.getMessage() + ")");
        }
    }
}
