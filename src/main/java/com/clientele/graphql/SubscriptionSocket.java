package com.clientele.graphql;

import com.clientele.common.ClienteleConfig;
import com.clientele.common.ErrorCode;
import com.clientele.security.Roles;
import graphql.language.OperationDefinition;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.graphql.websocket.GraphQLWebSocketSession;
import io.smallrye.graphql.websocket.graphqltransportws.GraphQLTransportWSSubprotocolHandler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GraphQL over WebSocket ({@code graphql-transport-ws}) for subscriptions, in front of SmallRye's
 * protocol handler, which alone would run any document on any connection: here every subscribe message
 * passes the gate's checks (limits, text, rights) first.
 * <ul>
 *   <li>The token comes in the upgrade request's {@code Authorization} header or in {@code connection_init}'s
 *       payload ({@code {"Authorization": "Bearer <token>"}}, since browsers cannot set headers on a
 *       WebSocket); without one the connection closes with 4401, with an invalid one with 4403, and when
 *       the token expires with 4401.</li>
 *   <li>Only subscriptions, only for marketing and admin; queries and mutations are served over HTTP.</li>
 *   <li>SmallRye writes to the socket without waiting for the client to read. The socket's write queue is
 *       bounded ({@code clientele.feed.subscriber-buffer}); a client that lets it fill is closed with 1013 and
 *       resumes with {@code after}: the id of the last change it received. Memory never grows with a slow
 *       reader.</li>
 * </ul>
 */
@ApplicationScoped
public class SubscriptionSocket {

    static final String SUBPROTOCOL = "graphql-transport-ws";
    private static final Logger LOG = Logger.getLogger(SubscriptionSocket.class);
    private static final Set<String> SUBSCRIBERS = Set.of(Roles.MARKETING, Roles.ADMIN);
    private static final String EXPIRES = "quarkus.identity.expire-time";

    private final ClienteleConfig.Feed config;
    private final Vertx vertx;
    private final IdentityProviderManager identities;

    public SubscriptionSocket(ClienteleConfig config, Vertx vertx, IdentityProviderManager identities) {
        this.config = config.feed();
        this.vertx = vertx;
        this.identities = identities;
    }

    /** Takes over an upgrade request to the GraphQL path; {@code identity} is the header's, or null. */
    void open(RoutingContext ctx, SecurityIdentity identity, GraphQLGate gate) {
        String offered = ctx.request().getHeader("Sec-WebSocket-Protocol");
        if (offered == null || List.of(offered.split(",")).stream().map(String::trim).noneMatch(SUBPROTOCOL::equals)) {
            JsonErrors.send(ctx, 400, ErrorCode.BAD_USER_INPUT, "Subscriptions are served over WebSocket with the "
                    + "subprotocol " + SUBPROTOCOL + "; queries and mutations with POST");
            return;
        }
        ctx.request().toWebSocket().onSuccess(socket -> new Connection(socket, identity, gate, headers(ctx)).start())
                .onFailure(failure -> LOG.debugf("WebSocket upgrade failed: %s", failure.getClass().getSimpleName()));
    }

    /** The upgrade request's headers for SmallRye's context, without the credentials. */
    private static Map<String, List<String>> headers(RoutingContext ctx) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : ctx.request().headers().names()) {
            if (!name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION.toString())) {
                headers.put(name, ctx.request().headers().getAll(name));
            }
        }
        return headers;
    }

    /** One WebSocket connection: its identity, its subscriptions, and SmallRye's handler behind the checks. */
    private final class Connection implements GraphQLWebSocketSession {

        private final ServerWebSocket socket;
        private final GraphQLGate gate;
        private final Map<String, Object> context = new ConcurrentHashMap<>();
        private final Set<String> operations = ConcurrentHashMap.newKeySet();
        private volatile SecurityIdentity identity;
        private volatile boolean initialised;
        private volatile GraphQLTransportWSSubprotocolHandler smallrye;
        private long initTimer = -1;
        private long expiryTimer = -1;

        Connection(ServerWebSocket socket, SecurityIdentity identity, GraphQLGate gate, Map<String, List<String>> headers) {
            this.socket = socket;
            this.identity = identity;
            this.gate = gate;
            context.put("runBlocking", false);
            context.put("httpHeaders", headers);
        }

        void start() {
            if (!SUBPROTOCOL.equals(socket.subProtocol())) {
                socket.close((short) 4406, "Subprotocol not acceptable: use " + SUBPROTOCOL);
                return;
            }
            socket.setWriteQueueMaxSize((int) Math.min(Integer.MAX_VALUE, config.subscriberBuffer().asLongValue()));
            smallrye = new GraphQLTransportWSSubprotocolHandler(this, context);
            initTimer = vertx.setTimer(config.connectionInitTimeout().toMillis(), id -> {
                if (!initialised) {
                    close((short) 4408, "Connection initialisation timeout");
                }
            });
            socket.textMessageHandler(this::received);
            socket.binaryMessageHandler(data -> close((short) 4400, "Messages are JSON text"));
            socket.exceptionHandler(failure -> LOG.debugf("WebSocket failed: %s", failure.getClass().getSimpleName()));
            socket.closeHandler(v -> {
                vertx.cancelTimer(initTimer);
                vertx.cancelTimer(expiryTimer);
                smallrye.onClose();
            });
        }

        private void received(String text) {
            JsonObject message;
            try {
                message = new JsonObject(text);
            } catch (DecodeException | ClassCastException e) {
                close((short) 4400, "A message must be a JSON object");
                return;
            }
            String type = message.getValue("type") instanceof String t ? t : "";
            switch (type) {
                case "connection_init" -> initialise(message, text);
                case "subscribe" -> subscribe(message, text);
                case "complete" -> {
                    if (message.getValue("id") instanceof String id) {
                        operations.remove(id);
                    }
                    smallrye.onMessage(text);
                }
                case "ping", "pong" -> smallrye.onMessage(text);
                default -> close((short) 4400, "Unknown message type");
            }
        }

        private void initialise(JsonObject message, String text) {
            if (initialised) {
                close((short) 4429, "Too many initialisation requests");
                return;
            }
            initialised = true;
            vertx.cancelTimer(initTimer);
            String token = bearer(message.getValue("payload"));
            if (token == null) {
                if (identity == null) {
                    close((short) 4401, "Unauthorized: send Authorization: Bearer <token> in connection_init's payload");
                    return;
                }
                accepted(text);
                return;
            }
            if (identity != null) {
                close((short) 4400, "A token in the header and another in connection_init");
                return;
            }
            identities.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)))
                    .subscribe().with(authenticated -> vertx.runOnContext(v -> {
                        identity = authenticated;
                        accepted(text);
                    }), failure -> vertx.runOnContext(v -> close((short) 4403, "Forbidden: the token is not valid")));
        }

        /** Lets SmallRye acknowledge the connection, and closes it when the token expires. */
        private void accepted(String text) {
            Long expires = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0
                    ? Long.valueOf(jwt.getExpirationTime()) : identity.getAttribute(EXPIRES);
            if (expires != null) {
                long millis = Math.max(1, expires * 1000 - System.currentTimeMillis());
                expiryTimer = vertx.setTimer(millis, id -> close((short) 4401, "Unauthorized: the token expired"));
            }
            smallrye.onMessage(text);
        }

        private void subscribe(JsonObject message, String text) {
            if (identity == null || !initialised) {
                close((short) 4401, "Unauthorized");
                return;
            }
            if (!(message.getValue("id") instanceof String id) || id.isEmpty()
                    || !(message.getValue("payload") instanceof JsonObject payload)) {
                close((short) 4400, "A subscribe message needs an id and a payload");
                return;
            }
            if (operations.contains(id)) {
                close((short) 4409, "Subscriber for " + id + " already exists");
                return;
            }
            if (SUBSCRIBERS.stream().noneMatch(identity::hasRole)) {
                refuse(id, ErrorCode.FORBIDDEN, "Subscriptions are for the marketing and admin roles", Map.of());
                return;
            }
            if (operations.size() >= config.maxSubscriptionsPerConnection()) {
                refuse(id, ErrorCode.BAD_USER_INPUT, "A connection carries at most "
                        + config.maxSubscriptionsPerConnection() + " subscriptions", Map.of());
                return;
            }
            RequestEnvelope envelope = RequestEnvelope.of(Buffer.buffer(payload.encode()));
            if (envelope.problem() != null) {
                refuse(id, ErrorCode.BAD_USER_INPUT, envelope.problem(), Map.of());
                return;
            }
            GraphQLGate.Admission admission = gate.check(identity, envelope.query(), envelope.operationName(),
                    envelope.variables());
            if (admission instanceof GraphQLGate.Refusal refusal) {
                refuse(id, refusal.code(), refusal.message(), refusal.extensions());
                return;
            }
            OperationDefinition operation = ((GraphQLGate.Admitted) admission).verdict().operation();
            if (operation == null || operation.getOperation() != OperationDefinition.Operation.SUBSCRIPTION) {
                refuse(id, ErrorCode.BAD_USER_INPUT, "Only subscriptions are served over WebSocket; send queries and "
                        + "mutations with POST /graphql", Map.of());
                return;
            }
            operations.add(id);
            smallrye.onMessage(text);
        }

        /** An error message for one operation: the protocol's answer to a subscription that cannot start. */
        private void refuse(String id, ErrorCode code, String message, Map<String, Object> extensions) {
            ErrorLog.get().clientError(code.name(), "WebSocket subscribe", message);
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("code", code.name());
            ext.putAll(extensions);
            JsonObject error = new JsonObject().put("message", message).put("extensions", new JsonObject(ext));
            write(new JsonObject().put("id", id).put("type", "error").put("payload", new JsonArray().add(error)).encode());
        }

        @Override
        public void sendMessage(String message) {
            if (message.startsWith("{\"type\":\"complete\"") || message.startsWith("{\"id\"")) {
                if (new JsonObject(message).getValue("id") instanceof String id) {
                    operations.remove(id); // SmallRye ended the operation: complete, or an error
                }
            }
            write(message);
        }

        private void write(String message) {
            if (socket.isClosed()) {
                return;
            }
            if (socket.writeQueueFull()) {
                close((short) 1013, "Consumer fell behind; resume with after: the id of the last change received");
                return;
            }
            socket.writeTextMessage(message);
        }

        @Override
        public void close(short statusCode, String reason) {
            if (!socket.isClosed()) {
                socket.close(statusCode, reason);
            }
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }
    }

    /** The token of a connection_init payload's Authorization entry, or null. */
    private static String bearer(Object payload) {
        if (!(payload instanceof JsonObject p)) {
            return null;
        }
        Object value = p.getValue("Authorization");
        if (value == null) {
            value = p.getValue("authorization");
        }
        if (value instanceof String authorization && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
