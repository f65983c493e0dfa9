package com.clientele.common;

import com.clientele.common.ApiException.Problem;

import java.time.Instant;
import java.util.List;

/** Parses the parts of keyset cursors; a malformed cursor is the client's error, named {@code after}. */
public final class Keys {

    private Keys() {
    }

    public static long id(String key) throws BadUserInputException {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /** A key of the form {@code epochMicros/id}, for lists ordered by an instant then by id. */
    public static TimeAndId timeAndId(String key) throws BadUserInputException {
        String[] parts = key.split("/", 2);
        if (parts.length != 2) {
            throw invalid();
        }
        try {
            long micros = Long.parseLong(parts[0]);
            return new TimeAndId(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L)), Long.parseLong(parts[1]));
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid();
        }
    }

    public static String timeAndId(Instant at, long id) {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
        return micros + "/" + id;
    }

    private static BadUserInputException invalid() {
        return new BadUserInputException(List.of(new Problem("after", "is not a cursor of this list")));
    }

    public record TimeAndId(Instant at, long id) {
    }
}
