package com.clientele.segment;

import com.clientele.TestClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

import java.time.Instant;

/**
 * Tests that move the service's clock and run the due-change pass themselves: they start unpinned at an
 * instant of their era, and the system clock is back after each.
 */
abstract class MovingClock extends Pins {

    @Inject
    DueChanges due;

    /** Lifts any pin and sets the service's clock. */
    void startAt(Instant now) {
        pool.query("update segment_state set pinned_as_of = null").execute().await().indefinitely();
        TestClock.set(now);
    }

    @AfterEach
    void systemClock() {
        TestClock.set(null);
    }
}
