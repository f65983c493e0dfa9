package com.clientele.activity;

import com.clientele.common.NotFoundException;
import com.clientele.common.Times;
import com.clientele.common.ChangedCustomers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/** Changes to stored purchases: cancellation, with the customer's segment refresh in the same transaction. */
@ApplicationScoped
public class PurchaseService {

    private static final String LOCK = "select count(*) from clientele_lock_customer_ids(:ids)";

    private final Clock clock;
    private final ChangedCustomers changedCustomers;

    public PurchaseService(Clock clock, ChangedCustomers changedCustomers) {
        this.clock = clock;
        this.changedCustomers = changedCustomers;
    }

    /**
     * Marks the purchase cancelled (once: a repeated cancel keeps the first instant) and returns its id.
     * The customer's lock is taken before the purchase is read again, so two concurrent cancels agree.
     */
    @WithTransaction
    public Uni<Long> cancel(String externalId) {
        return Purchase.<Purchase>find("externalId", externalId).firstResult().chain(purchase -> {
            if (purchase == null) {
                return Uni.createFrom().failure(new NotFoundException("externalId", "names no purchase"));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(LOCK)
                    .setParameter("ids", new Long[] {purchase.customerId}).getSingleResult()
                    .chain(() -> session.refresh(purchase))
                    .chain(() -> {
                        if (purchase.cancelledAt == null) {
                            purchase.cancelledAt = Times.micros(clock.instant());
                        }
                        return session.flush();
                    })
                    .chain(() -> changedCustomers.refresh(session, List.of(purchase.customerId)))
                    .replaceWith(purchase.id));
        });
    }
}
