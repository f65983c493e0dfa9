package com.clientele.graphql;

import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log of refused and failed requests, at most {@code clientele.limits.client-error-log-lines-per-second}
 * lines a second (lines over the budget are counted and reported with the next line written): a flood
 * of bad requests cannot flood the log. Client errors take one line each, without stack trace and
 * without any value the client sent; faults of the service keep their stack trace.
 */
final class ErrorLog {

    private static final Logger LOG = Logger.getLogger("com.clientele.graphql.errors");
    private static volatile ErrorLog instance = new ErrorLog(10);

    private final int linesPerSecond;
    private final AtomicLong second = new AtomicLong();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger suppressed = new AtomicInteger();

    private ErrorLog(int linesPerSecond) {
        this.linesPerSecond = linesPerSecond;
    }

    static void configure(int linesPerSecond) {
        instance = new ErrorLog(linesPerSecond);
    }

    static ErrorLog get() {
        return instance;
    }

    /** One line, e.g. {@code Refused BAD_USER_INPUT in Ingest: purchases[3].orderedAt: lies in the future}. */
    void clientError(String code, String where, String message) {
        if (permit()) {
            LOG.infof("Refused %s in %s: %s", code, where, message);
        }
    }

    void fault(Throwable cause, String where) {
        if (permit()) {
            LOG.errorf(cause, "Internal error in %s", where);
        }
    }

    private boolean permit() {
        long now = System.currentTimeMillis() / 1000;
        long current = second.get();
        if (now != current && second.compareAndSet(current, now)) {
            written.set(0);
            int dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                LOG.warnf("%d error log lines were suppressed (more than %d a second)", dropped, linesPerSecond);
            }
        }
        if (written.incrementAndGet() <= linesPerSecond) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }
}
