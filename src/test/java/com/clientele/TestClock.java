package com.clientele;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: the system clock, unless a test sets an instant (and resets it after).
 * Replaces ClockProducer's clock for the whole test application.
 */
public final class TestClock extends Clock {

    private static volatile Instant fixed;

    /** From now on the service's "now" is this instant; null: the system clock again. */
    public static void set(Instant instant) {
        fixed = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : Instant.now();
    }

    @ApplicationScoped
    static class Producer {
        @Produces
        @Alternative
        @Priority(1)
        @ApplicationScoped
        Clock clock() {
            return new TestClock();
        }
    }
}
