package com.clientele.graphql;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission by cost: the summed cost of the requests being served stays under a budget. A request
 * that would go over it is turned away at once with 503 and Retry-After, rather than queued behind
 * work the service cannot finish in time; a request alone is always admitted. Cheap requests (the
 * storefront's lookup costs 1) pass while a few expensive ones run, and the service stays responsive
 * under a flood of requests that each keep within the per-request limit.
 */
final class InFlightCost {

    private final long budget;
    private final AtomicLong inFlight = new AtomicLong();

    InFlightCost(long budget) {
        this.budget = budget;
    }

    boolean tryAcquire(long cost) {
        while (true) {
            long current = inFlight.get();
            if (current > 0 && current + cost > budget) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + cost)) {
                return true;
            }
        }
    }

    void release(long cost) {
        inFlight.addAndGet(-cost);
    }

    long current() {
        return inFlight.get();
    }
}
