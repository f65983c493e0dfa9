package com.clientele;

import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (Vert.x's, in a Vert.x of its own) speaking graphql-transport-ws to the running
 * service. It reads as fast as messages come, or, when made {@link #paused}, stops reading from its TCP
 * socket (with a small receive buffer) until {@link #resume}: the service's write queue then fills, as
 * with a slow consumer.
 */
public final class SubscriptionClient {

    public record Closed(int code, String reason) {
    }

    private static final Vertx VERTX = Vertx.vertx();

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** Connects with the token in the Authorization header (null: none). */
    public static SubscriptionClient connect(String headerToken) {
        return connect(headerToken, false);
    }

    public static SubscriptionClient paused(String headerToken) {
        return connect(headerToken, true);
    }

    private static SubscriptionClient connect(String headerToken, boolean paused) {
        SubscriptionClient client = new SubscriptionClient();
        WebSocketClientOptions options = new WebSocketClientOptions().setMaxMessageSize(1 << 20);
        if (paused) {
            options.setReceiveBufferSize(4096);
        }
        WebSocketClient webSockets = VERTX.createWebSocketClient(options);
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("localhost").setPort(RestAssured.port)
                .setURI("/graphql").addSubProtocol("graphql-transport-ws");
        if (headerToken != null) {
            connect.addHeader("Authorization", "Bearer " + headerToken);
        }
        client.socket = webSockets.connect(connect).toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .join();
        if (paused) {
            client.socket.pause();
        }
        client.socket.textMessageHandler(text -> client.messages.add(new JsonObject(text)));
        client.socket.closeHandler(v -> client.closed.complete(new Closed(
                client.socket.closeStatusCode() == null ? -1 : client.socket.closeStatusCode(), client.socket.closeReason())));
        return client;
    }

    public SubscriptionClient send(JsonObject message) {
        socket.writeTextMessage(message.encode()).toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .join();
        return this;
    }

    /** connection_init, with the token in its payload (null: an empty payload). */
    public SubscriptionClient init(String payloadToken) {
        JsonObject payload = new JsonObject();
        if (payloadToken != null) {
            payload.put("Authorization", "Bearer " + payloadToken);
        }
        return send(new JsonObject().put("type", "connection_init").put("payload", payload));
    }

    /** Waits for connection_ack; fails with what came instead (a message, or the close code and reason). */
    public SubscriptionClient acknowledged() {
        JsonObject message = next(Duration.ofSeconds(5));
        if (message == null || !"connection_ack".equals(message.getString("type"))) {
            throw new AssertionError("no connection_ack but " + (message != null ? message.encode()
                    : closed.isDone() ? closed.join().toString() : "nothing"));
        }
        return this;
    }

    public SubscriptionClient subscribe(String id, String query, JsonObject variables) {
        return send(new JsonObject().put("id", id).put("type", "subscribe")
                .put("payload", new JsonObject().put("query", query).put("variables", variables)));
    }

    /** The next message other than a ping, or null after the timeout. */
    public JsonObject next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonObject message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null || !"ping".equals(message.getString("type"))) {
                    return message;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Closed closed(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public void resume() {
        socket.resume();
    }

    public void close() {
        if (!socket.isClosed()) {
            socket.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
        }
    }

    public static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
