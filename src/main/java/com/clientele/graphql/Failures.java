package com.clientele.graphql;

import com.clientele.common.ErrorCode;
import com.clientele.common.WriteFailures;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Tells, from a resolver's failure, what the client should be told. */
final class Failures {

    /** Connection exceptions (08), admin shutdown and friends (57P0x), resource exhaustion (53). */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "53400");
    private static final String QUERY_CANCELED = "57014";
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03");
    private static final Set<String> CLOSED_CONNECTION_CLASSES = Set.of(
            "io.vertx.sqlclient.ClosedConnectionException", "io.vertx.core.VertxException",
            "io.netty.channel.ConnectTimeoutException", "io.vertx.core.http.impl.NoStackTraceTimeoutException",
            "io.vertx.core.impl.NoStackTraceThrowable", "io.vertx.core.impl.NoStackTraceException");

    private Failures() {
    }

    enum Kind {
        /** The database cannot be reached, or shed the request: retry. */
        UNAVAILABLE,
        /** The transaction collided with a concurrent one and was rolled back whole: retry. */
        CONTENTION,
        /** The request ran out of time (statement_timeout). */
        TIMEOUT,
        /** PostgreSQL refused a value (class 22, data exception): input that validation let through. */
        DATA,
        /** An argument value that its scalar could not take after all (SmallRye converts arguments late). */
        ARGUMENT,
        /** Anything else: a fault of the service. */
        FAULT
    }

    static Kind kind(Throwable failure) {
        if (isArgumentConversion(failure)) {
            return Kind.ARGUMENT;
        }
        String state = WriteFailures.sqlState(failure);
        if (state != null) {
            if (state.equals(QUERY_CANCELED)) {
                return Kind.TIMEOUT;
            }
            if (TRANSIENT_STATES.contains(state)) {
                return Kind.CONTENTION;
            }
            if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
                return Kind.UNAVAILABLE;
            }
            return state.startsWith("22") ? Kind.DATA : Kind.FAULT;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException || t instanceof TimeoutException
                    || CLOSED_CONNECTION_CLASSES.contains(t.getClass().getName())) {
                return Kind.UNAVAILABLE;
            }
        }
        return Kind.FAULT;
    }

    /**
     * SmallRye's scalars accept some values during validation that they then cannot turn into the
     * resolver's argument (an Int past 2^31 - 1, a string for a number): the client's value, not a fault.
     */
    private static boolean isArgumentConversion(Throwable failure) {
        if (failure instanceof CoercingParseLiteralException || failure instanceof CoercingParseValueException) {
            return true;
        }
        return failure.getClass().getName().equals("io.smallrye.graphql.transformation.TransformException")
                && Arrays.stream(failure.getStackTrace()).limit(8)
                        .anyMatch(frame -> frame.getClassName().endsWith(".ArgumentHelper"));
    }

    static ErrorCode code(Kind kind) {
        return switch (kind) {
            case UNAVAILABLE, CONTENTION, TIMEOUT -> ErrorCode.UNAVAILABLE;
            case DATA, ARGUMENT -> ErrorCode.BAD_USER_INPUT;
            case FAULT -> ErrorCode.INTERNAL;
        };
    }
}
