package com.clientele.graphql;

import com.clientele.common.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON error bodies of the service's own HTTP routes (the GraphQL gate, the member export):
 * {@code {"errors":[{"message":...,"extensions":{"code":...}}]}}, the shape GraphQL clients already read.
 * Each refusal is logged as one line through the rate-limited {@link ErrorLog}.
 */
public final class JsonErrors {

    public static final String JSON = "application/json";

    private JsonErrors() {
    }

    public static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
        send(ctx, status, JSON, code, message, Map.of());
    }

    public static void send(RoutingContext ctx, int status, String mediaType, ErrorCode code, String message,
                            Map<String, Object> extensions) {
        ErrorLog.get().clientError(code.name(), "HTTP " + status + " response", message);
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("code", code.name());
        ext.putAll(extensions);
        JsonObject body = new JsonObject().put("errors", new JsonArray()
                .add(new JsonObject().put("message", message).put("extensions", new JsonObject(ext))));
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, mediaType + "; charset=utf-8")
                .end(body.toBuffer());
    }

    /** 401 with {@code WWW-Authenticate: Bearer}: no token, or one that failed verification. */
    public static void unauthenticated(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        send(ctx, 401, ErrorCode.UNAUTHENTICATED, "A valid bearer token is required: Authorization: Bearer <token>");
    }

    /**
     * A request that failed before anything was sent: 503 with {@code Retry-After} when the database could
     * not serve it (unreachable, shedding load, out of time), else a logged fault.
     */
    public static void failed(RoutingContext ctx, Throwable failure, String where) {
        Failures.Kind kind = Failures.kind(failure);
        if (Failures.code(kind) == ErrorCode.UNAVAILABLE) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(GraphQLGate.RETRY_AFTER_SECONDS));
            send(ctx, 503, JSON, ErrorCode.UNAVAILABLE, "The database could not serve the request; retry shortly",
                    kind == Failures.Kind.UNAVAILABLE ? Map.of() : Map.of("reason", kind.name()));
        } else {
            internal(ctx, failure, where);
        }
    }

    /** A fault of the service: logged with its stack trace (rate-limited), answered without it. */
    public static void internal(RoutingContext ctx, Throwable failure, String where) {
        ErrorLog.get().fault(failure, where);
        send(ctx, 500, ErrorCode.INTERNAL, "Internal error; it has been logged");
    }
}
