package com.clientele.common;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Collects every problem of one request's input, with its path, before anything is written:
 * a batch is rejected whole, and the client learns about all its mistakes at once.
 */
public final class InputCheck {

    /** Upper bound of list arguments (batches); documented in the README. */
    public static final int MAX_BATCH = 1000;
    private static final int MAX_PROBLEMS = 100;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final List<ApiException.Problem> problems = new ArrayList<>();

    public InputCheck problem(String path, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new ApiException.Problem(path, message));
        }
        return this;
    }

    /** How many problems were found so far: lets a rule run only when its inputs were valid. */
    public int count() {
        return problems.size();
    }

    public void throwIfAny() throws BadUserInputException {
        if (!problems.isEmpty()) {
            throw new BadUserInputException(problems);
        }
    }

    /** Checks a batch's size, then each item with its index in the path. */
    public <T> InputCheck batch(String path, List<T> items, ItemCheck<T> itemCheck) {
        if (items == null) {
            return problem(path, "is required");
        }
        if (items.size() > MAX_BATCH) {
            return problem(path, "holds " + items.size() + " items; at most " + MAX_BATCH + " per request");
        }
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (item == null) {
                problem(itemPath, "must not be null");
            } else {
                itemCheck.check(this, itemPath, item);
            }
        }
        return this;
    }

    /** A required identifier: 1 to {@code max} characters, no control characters. */
    public InputCheck id(String path, String value, int max) {
        if (value == null || value.isBlank()) {
            return problem(path, "is required and must not be blank");
        }
        return text(path, value, max);
    }

    /** Optional free text: at most {@code max} characters, no control characters. */
    public InputCheck text(String path, String value, int max) {
        if (value == null) {
            return this;
        }
        if (value.length() > max) {
            return problem(path, "is " + value.length() + " characters long; at most " + max + " allowed");
        }
        if (CONTROL.matcher(value).find()) {
            return problem(path, "must not contain control characters");
        }
        return this;
    }

    public InputCheck required(String path, Object value) {
        return value == null ? problem(path, "is required") : this;
    }

    public InputCheck range(String path, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problem(path, "must be between " + min + " and " + max);
        }
        return this;
    }

    /** Money: not negative, at most 4 decimals and 15 integer digits (numeric(19,4)). */
    public InputCheck money(String path, BigDecimal value) {
        if (value == null) {
            return this;
        }
        if (value.signum() < 0) {
            return problem(path, "must not be negative");
        }
        if (value.stripTrailingZeros().scale() > 4) {
            return problem(path, "has more than 4 decimals");
        }
        if (value.compareTo(new BigDecimal("1000000000000000")) >= 0) {
            return problem(path, "is too large");
        }
        return this;
    }

    /** An instant from 1900 up to one day after now: a later one is a clock or data error. */
    public InputCheck pastInstant(String path, Instant value, Instant now) {
        if (value == null) {
            return this;
        }
        if (value.isAfter(now.plusSeconds(86_400))) {
            return problem(path, "lies in the future");
        }
        if (value.isBefore(Instant.parse("1900-01-01T00:00:00Z"))) {
            return problem(path, "lies before 1900");
        }
        return this;
    }

    /** Reports each value that occurs twice, at its second position. */
    public <T> InputCheck unique(String path, List<T> items, Function<T, String> key, String what) {
        if (items == null) {
            return this;
        }
        var seen = new java.util.HashMap<String, Integer>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            String k = item == null ? null : key.apply(item);
            if (k != null) {
                Integer first = seen.putIfAbsent(k, i);
                if (first != null) {
                    problem(path + "[" + i + "]." + what, "repeats the " + what + " of " + path + "[" + first + "]");
                }
            }
        }
        return this;
    }

    @FunctionalInterface
    public interface ItemCheck<T> {
        void check(InputCheck check, String path, T item);
    }
}
