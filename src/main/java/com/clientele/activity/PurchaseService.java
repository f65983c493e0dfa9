package com.clientele.activity;

import com.clientele.common.NotFoundException;
import com.clientele.common.Times;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** Changes to stored purchases: cancellation. */
@ApplicationScoped
public class PurchaseService {

    private final Clock clock;

    public PurchaseService(Clock clock) {
        this.clock = clock;
    }

    /** Marks the purchase cancelled (once: a repeated cancel keeps the first instant). */
    @WithTransaction
    public Uni<Purchase> cancel(String externalId) {
        return Purchase.<Purchase>find("externalId", externalId).firstResult().chain(purchase -> {
            if (purchase == null) {
                return Uni.createFrom().failure(new NotFoundException("externalId", "names no purchase"));
            }
            if (purchase.cancelledAt == null) {
                purchase.cancelledAt = Times.micros(clock.instant());
            }
            return Uni.createFrom().item(purchase);
        });
    }
}
