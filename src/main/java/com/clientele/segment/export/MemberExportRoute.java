package com.clientele.segment.export;

import com.clientele.common.ApiException.Problem;
import com.clientele.common.ErrorCode;
import com.clientele.graphql.JsonErrors;
import com.clientele.segment.SegmentCatalogue;
import com.clientele.security.Callers;
import com.clientele.security.Roles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code GET /segments/{key}/members}: a segment's members as a CSV or NDJSON download, streamed
 * (docs/export.md). A plain Vert.x route, like the GraphQL gate: it runs after proactive authentication and
 * answers its refusals with the same JSON error bodies. Checks, in order: method (405), token (401), role
 * (403), {@code Accept} (406), query parameters (400), segment key (404); then {@link MemberExport} streams.
 */
@ApplicationScoped
public class MemberExportRoute {

    static final String PATH = "/segments/:key/members";
    /** After proactive authentication (order -200), like the GraphQL gate. */
    private static final int ORDER = -110;

    private final MemberPages pages;
    private final SegmentCatalogue segments;
    private final Map<ExportFormat, Counter> exportedRows = new EnumMap<>(ExportFormat.class);

    public MemberExportRoute(MemberPages pages, SegmentCatalogue segments, MeterRegistry metrics) {
        this.pages = pages;
        this.segments = segments;
        for (ExportFormat format : ExportFormat.values()) {
            exportedRows.put(format, Counter.builder("clientele.export.rows").tag("format", format.tag())
                    .description("Members written by segment exports").baseUnit("rows").register(metrics));
        }
    }

    void register(@Observes Router router) {
        router.route(PATH).order(ORDER).handler(this::handle).failureHandler(this::failure);
    }

    private void handle(RoutingContext ctx) {
        ExportRequest request = admit(ctx);
        if (request != null) {
            serve(ctx, request);
        }
    }

    /** The request, or null when it was refused (and answered): method, token, role, Accept, parameters. */
    private static ExportRequest admit(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            JsonErrors.send(ctx, 405, ErrorCode.BAD_USER_INPUT, "The export is read with GET (or HEAD)");
            return null;
        }
        SecurityIdentity identity = Callers.identity(ctx);
        if (identity == null) {
            JsonErrors.unauthenticated(ctx);
            return null;
        }
        if (!identity.hasRole(Roles.MARKETING) && !identity.hasRole(Roles.ADMIN)) {
            JsonErrors.send(ctx, 403, ErrorCode.FORBIDDEN, "The member export is available to the marketing and admin roles");
            return null;
        }
        ExportFormat format = ExportFormat.negotiate(ctx.parsedHeaders().accept());
        if (format == null) {
            JsonErrors.send(ctx, 406, ErrorCode.BAD_USER_INPUT,
                    "The export is served as text/csv or application/x-ndjson; the Accept header allows neither");
            return null;
        }
        ExportParameters.Parsed parsed = ExportParameters.parse(ctx.queryParams());
        if (parsed.problem() != null) {
            Problem problem = parsed.problem();
            JsonErrors.send(ctx, 400, JsonErrors.JSON, ErrorCode.BAD_USER_INPUT, problem.path() + ": " + problem.message(),
                    Map.of("inputPath", problem.path(), "problems", List.of(Map.of("path", problem.path(),
                            "message", problem.message()))));
            return null;
        }
        return new ExportRequest(ctx.pathParam("key"), format, parsed.parameters().consentOnly());
    }

    /** 404 for a key no segment has; the headers alone for HEAD; else the export. */
    private void serve(RoutingContext ctx, ExportRequest request) {
        Context context = ctx.vertx().getOrCreateContext();
        Executor onRequestContext = task -> context.runOnContext(ignored -> task.run());
        segments.byKey(request.key()).emitOn(onRequestContext).subscribe().with(segment -> {
            if (segment == null) {
                JsonErrors.send(ctx, 404, JsonErrors.JSON, ErrorCode.NOT_FOUND, "key: no segment has this key",
                        Map.of("inputPath", "key"));
            } else if (ctx.request().method() == HttpMethod.HEAD) {
                MemberExport.describe(ctx.response(), request).end();
            } else {
                new MemberExport(ctx, onRequestContext, request, pages, exportedRows.get(request.format())).start();
            }
        }, failure -> JsonErrors.failed(ctx, failure, "member export"));
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        if (ctx.failure() instanceof AuthenticationFailedException) {
            JsonErrors.unauthenticated(ctx);
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            JsonErrors.send(ctx, ctx.statusCode(), ErrorCode.BAD_USER_INPUT, "The request could not be read");
        } else {
            JsonErrors.internal(ctx, ctx.failure(), "HTTP " + PATH);
        }
    }
}
