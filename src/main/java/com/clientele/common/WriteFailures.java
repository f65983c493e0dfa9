package com.clientele.common;

import io.vertx.pgclient.PgException;

import java.sql.SQLException;
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

    public static boolean isUniqueViolation(Throwable failure) {
        return UNIQUE_VIOLATION.equals(sqlState(failure));
    }

    /**
     * The SQLSTATE of the database error behind a failure: the reactive client raises a PgException,
     * Hibernate Reactive an SQLException with the same state.
     */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = stateOf(t);
            for (Throwable suppressed : t.getSuppressed()) { // Hibernate Reactive adds the cause of a rollback here
                state = state != null ? state : stateOf(suppressed.getCause() == null ? suppressed : suppressed.getCause());
            }
            if (state != null) {
                return state;
            }
        }
        return null;
    }

    private static String stateOf(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }
}
