package com.clientele.graphql;

import com.clientele.common.ApiException.Problem;
import com.clientele.common.ClienteleConfig;
import com.clientele.common.ErrorCode;
import com.clientele.segment.SegmentCatalogue;
import com.clientele.security.Callers;
import com.clientele.security.Roles;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.schema.GraphQLSchema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The door in front of SmallRye GraphQL: a Vert.x route on {@code /graphql} that runs after
 * authentication and before SmallRye, and applies GraphQL over HTTP and the service's limits.
 * <ul>
 *   <li>Only POST with a JSON body (415 for other media types, so no HTML form or {@code text/plain}
 *       request from a web page can run anything); GET is not served (405), so mutations never run
 *       over GET. Responses are {@code application/json} or, when asked for,
 *       {@code application/graphql-response+json} with that specification's status codes.</li>
 *   <li>No valid token: 401 with a JSON body whose error has code {@code UNAUTHENTICATED}.</li>
 *   <li>Malformed envelopes (not JSON, no query, wrong member types): 400. Documents over the limits,
 *       invalid text anywhere in the input, or introspection without the right: a GraphQL error.</li>
 *   <li>A deadline per request ({@code request-timeout}; the operations of {@link #LONG_OPERATIONS} are
 *       exempt and bounded by their own statement timeout); 503 with {@code Retry-After} when the
 *       database could not serve the request at all, or when the requests in flight already cost
 *       as much as the service takes at once ({@link InFlightCost}).</li>
 * </ul>
 */
@ApplicationScoped
public class GraphQLGate {

    static final String PATH = "/graphql";
    static final String JSON = JsonErrors.JSON;
    static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
    /** After proactive authentication (order -200), before SmallRye's WebSocket (-99) and HTTP handlers. */
    static final int ORDER = -110;
    /** Operations bounded by {@code long-operation-timeout} (set per transaction) instead of the request deadline. */
    static final Set<String> LONG_OPERATIONS = Set.of("recomputeSegments", "updateSegmentSettings", "createSegment",
            "updateSegment", "deleteSegment");
    static final int RETRY_AFTER_SECONDS = 2;
    private static final String OWN_RESPONSE = GraphQLGate.class.getName() + ".own";

    private final ClienteleConfig config;
    private final Vertx vertx;
    private final Instance<GraphQLSchema> schema;
    private final SegmentCatalogue segments;
    private final ParsedDocuments documents;
    private final InFlightCost inFlight;
    private final SubscriptionSocket subscriptions;
    private volatile DocumentCheck documentCheck;

    public GraphQLGate(ClienteleConfig config, Vertx vertx, Instance<GraphQLSchema> schema, SegmentCatalogue segments,
                       MeterRegistry metrics, SubscriptionSocket subscriptions) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.vertx = vertx;
        this.schema = schema;
        this.segments = segments;
        this.documents = new ParsedDocuments(ParserOptions.getDefaultParserOptions().transform(o -> o
                .maxTokens(config.limits().maxTokens())
                .maxRuleDepth(Math.max(64, config.limits().maxDepth() * 4))
                .captureSourceLocation(true)));
        this.inFlight = new InFlightCost(config.limits().maxCostInFlight());
        Gauge.builder("clientele.graphql.cost.in.flight", inFlight, InFlightCost::current)
                .description("Summed cost of the GraphQL requests being served").register(metrics);
    }

    void register(@Observes Router router) {
        // before the body handler below: an upgrade's connection must stay unread for the WebSocket
        router.route(PATH).order(ORDER - 1).handler(this::upgrade).failureHandler(this::failure);
        router.route(PATH).order(ORDER)
                .handler(BodyHandler.create(false).setBodyLimit(config.limits().maxRequestSize().asLongValue()))
                .handler(this::handle)
                .failureHandler(this::failure);
        router.route(PATH + "/schema.graphql").order(ORDER).handler(this::schemaDocument).failureHandler(this::failure);
    }

    /** GraphQL over WebSocket, for subscriptions: {@link SubscriptionSocket} takes the connection. */
    private void upgrade(RoutingContext ctx) {
        if ("websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
            subscriptions.open(ctx, Callers.identity(ctx), this);
        } else {
            ctx.next();
        }
    }

    private void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        if (method != HttpMethod.POST) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST, OPTIONS");
            respond(ctx, 405, JSON, ErrorCode.BAD_USER_INPUT,
                    "Send GraphQL requests with POST and a JSON body; " + method.name() + " is not served");
            return;
        }
        SecurityIdentity identity = Callers.identity(ctx);
        if (identity == null) {
            unauthenticated(ctx);
            return;
        }
        String mediaType = responseMediaType(ctx);
        if (mediaType == null) {
            respond(ctx, 406, JSON, ErrorCode.BAD_USER_INPUT,
                    "The service answers with application/json or application/graphql-response+json");
            return;
        }
        if (!isJsonRequest(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            respond(ctx, 415, mediaType, ErrorCode.BAD_USER_INPUT,
                    "The request body must be JSON: Content-Type application/json (UTF-8)");
            return;
        }
        RequestEnvelope envelope = RequestEnvelope.of(ctx.body().buffer());
        if (envelope.problem() != null) {
            respond(ctx, 400, mediaType, ErrorCode.BAD_USER_INPUT, envelope.problem());
            return;
        }
        admit(ctx, identity, mediaType, envelope);
    }

    /** A well-formed request: parse and check its document, then hand it to SmallRye. */
    private void admit(RoutingContext ctx, SecurityIdentity identity, String mediaType, RequestEnvelope envelope) {
        Admission admission = check(identity, envelope.query(), envelope.operationName(), envelope.variables());
        if (admission instanceof Refusal refusal) {
            int status = !GRAPHQL_RESPONSE.equals(mediaType) ? 200 : refusal.code() == ErrorCode.FORBIDDEN ? 403 : 400;
            respond(ctx, status, mediaType, refusal.code(), refusal.message(), refusal.extensions());
            return;
        }
        Admitted admitted = (Admitted) admission;
        long cost = (long) Math.ceil(admitted.verdict().cost());
        if (!inFlight.tryAcquire(cost)) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            respond(ctx, 503, mediaType, ErrorCode.UNAVAILABLE, "The service is busy with other expensive requests; "
                    + "retry shortly, or ask for less", Map.of("reason", "BUSY", "cost", cost));
            return;
        }
        Exchange exchange = new Exchange(admitted.document(), envelope.variables(), admitted.values(),
                GRAPHQL_RESPONSE.equals(mediaType));
        exchange.attach();
        watch(ctx, exchange, mediaType, cost, admitted.verdict().rootFields().stream().anyMatch(LONG_OPERATIONS::contains));
        ctx.next();
    }

    /** What the gate decides about a document, over HTTP or in a WebSocket's subscribe message. */
    sealed interface Admission permits Admitted, Refusal {
    }

    record Admitted(Document document, RequestValues values, DocumentCheck.Accepted verdict) implements Admission {
    }

    record Refusal(ErrorCode code, String message, Map<String, Object> extensions) implements Admission {
    }

    /** Parses the document and checks it against the limits, the text rules and the caller's rights. */
    Admission check(SecurityIdentity identity, String query, String operationName, Map<String, Object> variables) {
        Document document;
        try {
            document = documents.parse(query);
        } catch (ParseCancelledException e) {
            return new Refusal(ErrorCode.BAD_USER_INPUT, "The document has more than " + config.limits().maxTokens()
                    + " tokens (or is nested too deeply); send a smaller document", Map.of());
        } catch (InvalidSyntaxException e) {
            var at = e.getLocation();
            return new Refusal(ErrorCode.BAD_USER_INPUT, "The document is not valid GraphQL: syntax error"
                    + (at == null ? "" : " at line " + at.getLine() + ", column " + at.getColumn()), Map.of());
        }
        RequestValues values = RequestValues.of(document, variables);
        if (values.invalidText().isPresent()) {
            Problem problem = values.invalidText().get();
            return new Refusal(ErrorCode.BAD_USER_INPUT, problem.path() + ": " + problem.message(),
                    Map.of("inputPath", problem.path()));
        }
        DocumentCheck.Verdict verdict = documentCheck().check(document, operationName, variables);
        if (verdict instanceof DocumentCheck.Refused refused) {
            return new Refusal(ErrorCode.BAD_USER_INPUT, refused.message(), refused.extensions());
        }
        DocumentCheck.Accepted accepted = (DocumentCheck.Accepted) verdict;
        if (accepted.introspection() && !config.graphql().introspection() && !identity.hasRole(Roles.ADMIN)) {
            return new Refusal(ErrorCode.FORBIDDEN, "Introspection is available to the admin role only", Map.of());
        }
        return new Admitted(document, values, accepted);
    }

    /**
     * Follows an admitted request to its answer: sets status and media type as the answer goes out,
     * and gives its cost back then. SmallRye takes the response's end and close handlers for itself,
     * so a request whose client went away gives its cost back at its deadline. At the deadline a
     * request still running is answered UNAVAILABLE and stops fetching; a long operation is bounded
     * by its statement timeout instead.
     */
    private void watch(RoutingContext ctx, Exchange exchange, String mediaType, long cost, boolean longOperation) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release(cost);
            }
        };
        Duration deadline = longOperation ? config.limits().longOperationTimeout() : config.limits().requestTimeout();
        long timer = vertx.setTimer(deadline.toMillis(), id -> {
            release.run();
            if (!longOperation) {
                exchange.abandon();
                timedOut(ctx, mediaType);
            }
        });
        ctx.addHeadersEndHandler(v -> {
            vertx.cancelTimer(timer);
            release.run();
            statusOf(ctx, exchange, mediaType);
        });
    }

    /** Runs just before SmallRye's response goes out: the status and media type of GraphQL over HTTP. */
    private static void statusOf(RoutingContext ctx, Exchange exchange, String mediaType) {
        if (ctx.get(OWN_RESPONSE) != null || ctx.response().getStatusCode() != 200) {
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, mediaType + "; charset=utf-8");
        if (exchange.unavailableWithoutData()) {
            ctx.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        } else if (exchange.graphqlResponseMediaType && exchange.refused()) {
            ctx.response().setStatusCode(400);
        }
    }

    private void timedOut(RoutingContext ctx, String mediaType) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        respond(ctx, 503, mediaType, ErrorCode.UNAVAILABLE, "The request took longer than the limit of "
                + config.limits().requestTimeout().toMillis() + " ms and was cancelled; ask for less, or retry later",
                Map.of("reason", "TIMEOUT"));
    }

    /** The schema document: like introspection, for admin, or for everyone when introspection is on. */
    private void schemaDocument(RoutingContext ctx) {
        SecurityIdentity identity = Callers.identity(ctx);
        if (identity == null) {
            unauthenticated(ctx);
        } else if (!config.graphql().introspection() && !identity.hasRole(Roles.ADMIN)) {
            respond(ctx, 403, JSON, ErrorCode.FORBIDDEN, "The schema document is available to the admin role only");
        } else {
            ctx.next();
        }
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof AuthenticationFailedException) {
            unauthenticated(ctx);
        } else if (ctx.statusCode() == 413) {
            respond(ctx, 413, JSON, ErrorCode.BAD_USER_INPUT, "The request body is larger than "
                    + config.limits().maxRequestSize().asLongValue() + " bytes");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            respond(ctx, ctx.statusCode(), JSON, ErrorCode.BAD_USER_INPUT, "The request could not be read");
        } else {
            ctx.put(OWN_RESPONSE, Boolean.TRUE);
            JsonErrors.internal(ctx, failure, "HTTP " + PATH);
        }
    }

    private static void unauthenticated(RoutingContext ctx) {
        ctx.put(OWN_RESPONSE, Boolean.TRUE);
        JsonErrors.unauthenticated(ctx);
    }

    /** application/json unless the client prefers application/graphql-response+json; null: neither acceptable. */
    static String responseMediaType(RoutingContext ctx) {
        List<MIMEHeader> accepted = ctx.parsedHeaders().accept();
        if (accepted == null || accepted.isEmpty()) {
            return JSON;
        }
        for (MIMEHeader header : accepted) {
            String type = header.value().trim();
            if (type.equalsIgnoreCase(GRAPHQL_RESPONSE)) {
                return GRAPHQL_RESPONSE;
            }
            if (type.equalsIgnoreCase(JSON) || type.equals("*/*")) {
                return JSON;
            }
        }
        return null;
    }

    private static boolean isJsonRequest(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim();
        if (!type.equalsIgnoreCase(JSON) && !type.equalsIgnoreCase(GRAPHQL_RESPONSE)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")
                    && (parameter.length < 2 || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    private static void respond(RoutingContext ctx, int status, String mediaType, ErrorCode code, String message) {
        respond(ctx, status, mediaType, code, message, Map.of());
    }

    static void respond(RoutingContext ctx, int status, String mediaType, ErrorCode code, String message,
                        Map<String, Object> extensions) {
        ctx.put(OWN_RESPONSE, Boolean.TRUE);
        JsonErrors.send(ctx, status, mediaType, code, message, extensions);
    }

    private DocumentCheck documentCheck() {
        DocumentCheck check = documentCheck;
        if (check == null) {
            check = new DocumentCheck(schema.get(), new ListSizes(segments::count), config.limits());
            documentCheck = check;
        }
        return check;
    }
}
