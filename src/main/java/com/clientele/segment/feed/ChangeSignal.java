package com.clientele.segment.feed;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wakes the live readers of the change feed when a transaction that wrote changes commits, on any
 * replica: one dedicated connection per replica LISTENs on the channel that the engine notifies
 * (clientele_announce_changes in R__segment_engine.sql). A notification carries nothing; readers read
 * the log itself, so a notification lost while the connection was down costs latency, never a change
 * (they are all woken when it comes back, and read at least every {@code safety-poll} anyway).
 */
@ApplicationScoped
public class ChangeSignal {

    static final String CHANNEL = "clientele_membership_change";
    private static final Logger LOG = Logger.getLogger(ChangeSignal.class);
    private static final long RECONNECT_INTERVAL_MILLIS = 1000;

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final Optional<String> password;
    private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile PgSubscriber subscriber;

    public ChangeSignal(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                        @ConfigProperty(name = "quarkus.datasource.username") String user,
                        @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Completes at the next notification (already complete when one came since it was taken). */
    public CompletableFuture<Void> next() {
        return next.get();
    }

    void listen(@Observes StartupEvent start) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempts -> RECONNECT_INTERVAL_MILLIS);
        subscriber.channel(CHANNEL).handler(payload -> wake())
                .subscribeHandler(() -> {
                    if (down.compareAndSet(true, false)) {
                        LOG.info("Listening for membership changes again");
                    }
                    wake(); // notifications may have been missed while it was down
                });
        subscriber.closeHandler(() -> {
            if (subscriber != null && down.compareAndSet(false, true)) { // null: the service is stopping
                LOG.warn("Lost the connection that listens for membership changes; reconnecting every second");
            }
        });
        connect();
    }

    private void connect() {
        subscriber.connect().subscribe().with(ok -> { }, failure -> {
            if (down.compareAndSet(false, true)) {
                LOG.warn("Cannot listen for membership changes yet (" + failure.getClass().getSimpleName()
                        + "); live readers poll until it can");
            }
            vertx.setTimer(RECONNECT_INTERVAL_MILLIS, id -> {
                if (subscriber != null && subscriber.closed()) {
                    connect();
                }
            });
        });
    }

    void stop(@Observes ShutdownEvent stop) {
        PgSubscriber current = subscriber;
        subscriber = null;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private void wake() {
        next.getAndSet(new CompletableFuture<>()).complete(null);
    }
}
