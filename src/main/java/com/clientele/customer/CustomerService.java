package com.clientele.customer;

import com.clientele.common.BadUserInputException;
import com.clientele.common.InputCheck;
import com.clientele.common.Times;
import com.clientele.common.WriteFailures;
import com.clientele.common.ChangedCustomers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Customer writes: upsert and erasure, each one transaction, all or nothing, with the refresh of the
 * customers' segments in the same transaction (kind, registration and source feed segments).
 * Each first takes the customers' locks (R__write_locks), like every writer of customer data.
 */
@ApplicationScoped
public class CustomerService {

    private static final String LOCK = "select id from clientele_lock_customers(:externalIds)";
    /** A request that loses a race to create the same new customer retries, and then updates it. */
    private static final int ATTEMPTS = 3;

    private final Clock clock;
    private final ChangedCustomers changedCustomers;

    public CustomerService(Clock clock, ChangedCustomers changedCustomers) {
        this.clock = clock;
        this.changedCustomers = changedCustomers;
    }

    /** Validates the whole batch, then stores it; returns the customers' ids in input order. */
    public Uni<List<Long>> upsert(List<CustomerInput> customers) throws BadUserInputException {
        Instant now = clock.instant();
        InputCheck check = new InputCheck();
        CustomerInputCheck.check(check, "customers", customers, now);
        check.throwIfAny();
        // Two requests creating the same customer: the second's insert fails on the unique external id
        // once the first commits; its transaction is rolled back whole and run again, now as an update.
        return Uni.createFrom().deferred(() -> store(customers, now))
                .onFailure(WriteFailures::isUniqueViolation).retry().atMost(ATTEMPTS - 1)
                .onFailure().transform(WriteFailures.concurrentWrite("customers"));
    }

    @WithTransaction
    Uni<List<Long>> store(List<CustomerInput> customers, Instant now) {
        String[] externalIds = customers.stream().map(c -> c.externalId).toArray(String[]::new);
        return lock(externalIds)
                .chain(() -> Customer.<Customer>list("externalId in ?1", List.of(externalIds)))
                .chain(found -> {
                    Map<String, Customer> existing = found.stream()
                            .collect(Collectors.toMap(c -> c.externalId, Function.identity()));
                    Map<String, Customer> result = new LinkedHashMap<>();
                    for (CustomerInput in : customers) {
                        Customer customer = existing.get(in.externalId);
                        if (customer == null) {
                            customer = new Customer();
                            customer.externalId = in.externalId;
                            customer.firstSeenAt = Times.micros(now);
                        }
                        apply(in, customer);
                        result.put(in.externalId, customer);
                    }
                    // new rows in one order for every request, so concurrent creators wait, never deadlock
                    List<Customer> fresh = result.values().stream().filter(c -> c.id == null)
                            .sorted(Comparator.comparing(c -> c.externalId)).toList();
                    Uni<Void> persisted = fresh.isEmpty() ? Uni.createFrom().voidItem() : Customer.persist(fresh);
                    return persisted.chain(() -> Panache.flush())
                            .map(ignored -> customers.stream().map(in -> result.get(in.externalId).id).toList());
                })
                .call(ids -> Panache.getSession().chain(session -> changedCustomers.refresh(session, ids.stream().distinct().toList())));
    }

    /**
     * Ends the customer's memberships (exits in the change feed, which keeps its changes without naming
     * anyone), then removes the customer and, by cascade, its purchases, visits and metrics. False when
     * there was no such customer, so an erasure request can be retried.
     */
    @WithTransaction
    public Uni<Boolean> erase(String externalId) {
        return lock(new String[] {externalId})
                .chain(() -> Customer.<Customer>find("externalId", externalId).<Customer>firstResult())
                .chain(customer -> customer == null ? Uni.createFrom().item(false) : forgetAndDelete(customer.id));
    }

    private Uni<Boolean> forgetAndDelete(long customerId) {
        return Panache.getSession()
                .chain(session -> changedCustomers.forget(session, List.of(customerId)))
                .chain(() -> Customer.delete("id", customerId))
                .map(deleted -> deleted > 0);
    }

    private static Uni<Void> lock(String[] externalIds) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK)
                .setParameter("externalIds", externalIds).getResultList()).replaceWithVoid();
    }

    /** Replaces the stored fields; Hibernate issues no update when nothing changed (a replay). */
    private static void apply(CustomerInput in, Customer c) {
        c.email = in.email;
        c.name = in.name;
        c.kind = in.kind == null ? CustomerKind.CONSUMER : in.kind;
        c.country = in.country == null ? null : in.country.toUpperCase(Locale.ROOT);
        c.city = in.city;
        c.birthDate = in.birthDate;
        c.gender = in.gender;
        c.registered = in.registered == null || in.registered;
        if (in.firstSeenAt != null) {
            c.firstSeenAt = Times.micros(in.firstSeenAt);
        }
        c.acquisitionSource = in.acquisitionSource;
        c.marketingConsent = Boolean.TRUE.equals(in.marketingConsent);
        c.attributes = CustomerAttributes.toJson(in.attributes);
    }
}
