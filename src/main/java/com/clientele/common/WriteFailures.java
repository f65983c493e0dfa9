package com.clientele.common;

import io.vertx.pgclient.PgException;

import java.util.function.Function;

/** Translates database refusals that a client can cause into API errors; anything else stays masked. */
public final class WriteFailures {

    private static final String UNIQUE_VIOLATION = "23505";

    private WriteFailures() {
    }

    /**
     * Two requests racing to create the same external id: the loser's transaction is rolled back
     * whole, and the client is told to retry (a retry then replays or conflicts as usual).
     */
    public static Function<Throwable, Throwable> concurrentWrite(String path) {
        return failure -> isUniqueViolation(failure)
                ? new ConflictException(path, "was changed by a concurrent request; nothing was written, retry")
                : failure;
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
