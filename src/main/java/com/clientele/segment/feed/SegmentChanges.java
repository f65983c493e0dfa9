package com.clientele.segment.feed;

import com.clientele.common.ApiException;
import com.clientele.common.ClienteleConfig;
import com.clientele.common.UnavailableException;
import com.clientele.segment.MembershipChangeNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live feed: each subscriber reads the same commit-ordered log as the pull feed, from its own
 * position, whenever {@link ChangeSignal} wakes it, so it inherits "no gap, no duplicate". It holds at
 * most one batch in memory: it reads the next only when the last has been handed on, and the socket
 * bounds what waits to be sent (graphql/SubscriptionSocket).
 */
@ApplicationScoped
public class SegmentChanges {

    private static final Logger LOG = Logger.getLogger(SegmentChanges.class);
    /** Reading the log fails this long in a row (database down): the subscription ends with UNAVAILABLE. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    private final ChangeFeed feed;
    private final ChangeLog log;
    private final ChangeSignal signal;
    private final ClienteleConfig.Feed config;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter sent;

    public SegmentChanges(ChangeFeed feed, ChangeLog log, ChangeSignal signal, ClienteleConfig config, MeterRegistry metrics) {
        this.feed = feed;
        this.log = log;
        this.signal = signal;
        this.config = config.feed();
        this.sent = Counter.builder("clientele.feed.changes.sent").description("Changes handed to subscribers")
                .register(metrics);
    }

    /** The changes of the given segments (null: all) after the given change id, or from now on without one. */
    public Multi<MembershipChangeNode> follow(List<String> keys, String after) {
        Uni<ChangePosition> start = after == null ? log.now()
                : ApiException.uni(() -> ChangePosition.parse(after, "after"));
        return start.chain(position -> feed.segments(keys).map(segments -> new Reader(segments, position)))
                .onItem().transformToMulti(this::admitted);
    }

    /** How many subscriptions this replica serves now. */
    public int open() {
        return open.get();
    }

    private Multi<MembershipChangeNode> admitted(Reader reader) {
        if (open.incrementAndGet() > config.maxSubscriptions()) {
            open.decrementAndGet();
            return Multi.createFrom().failure(new UnavailableException("segmentChanges", "This replica serves "
                    + config.maxSubscriptions() + " subscriptions already; retry shortly", Map.of("reason", "BUSY")));
        }
        return Multi.createBy().repeating().uni(reader::next).indefinitely()
                .onItem().transformToIterable(batch -> batch)
                .onItem().invoke(change -> sent.increment())
                .onTermination().invoke(open::decrementAndGet);
    }

    /** One subscriber's position in the log. */
    private final class Reader {
        private final List<String> keys;
        private final AtomicReference<ChangePosition> position;

        Reader(List<String> keys, ChangePosition position) {
            this.keys = keys;
            this.position = new AtomicReference<>(position);
        }

        /** The next batch, or an empty one after waiting for a wake-up (a notification, or the time to look again). */
        Uni<List<MembershipChangeNode>> next() {
            CompletableFuture<Void> wake = signal.next(); // taken before reading: a commit during the read is not missed
            return log.after(position.get(), keys, config.subscriptionBatch())
                    .chain(page -> {
                        if (!page.changes().isEmpty()) {
                            position.set(page.last());
                            return Uni.createFrom().item(page.changes());
                        }
                        return log.heldBack(position.get(), keys)
                                .chain(held -> waitFor(wake, held ? config.heldBackRetry() : config.safetyPoll()))
                                .replaceWith(List.<MembershipChangeNode>of());
                    })
                    .onFailure(failure -> !(failure instanceof ApiException)).invoke(failure ->
                            LOG.debugf("Reading membership changes failed (%s); retrying", failure.getClass().getSimpleName()))
                    .onFailure(failure -> !(failure instanceof ApiException)).retry()
                    .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).expireIn(GIVE_UP_AFTER.toMillis())
                    .onFailure(failure -> !(failure instanceof ApiException)).transform(failure -> {
                        LOG.warn("A subscription ends: the database could not be read for " + GIVE_UP_AFTER.toSeconds() + " s");
                        return new UnavailableException("segmentChanges", "The change log cannot be read now; subscribe "
                                + "again after the last change id you received", Map.of("reason", "DATABASE"));
                    });
        }

        private Uni<Void> waitFor(CompletableFuture<Void> wake, Duration atMost) {
            return Uni.createFrom().completionStage(wake).ifNoItem().after(atMost).recoverWithItem((Void) null);
        }
    }
}
