package com.clientele.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A validated Relay page request: {@code first} capped at {@link #MAX_FIRST}, {@code after} an opaque
 * keyset cursor. A cursor holds the sort key of the last row seen ({@code kind:key}), base64url
 * encoded; the kind ties a cursor to the list that issued it.
 */
public record PageRequest(int first, String afterKey) {

    public static final int MAX_FIRST = 500;

    public static PageRequest of(Integer first, String after, String kind) throws BadUserInputException {
        int size = first == null ? 50 : first;
        if (size < 0 || size > MAX_FIRST) {
            throw new BadUserInputException("first", "must be between 0 and " + MAX_FIRST);
        }
        return new PageRequest(size, after == null ? null : decode(after, kind));
    }

    /** Rows to fetch: one more than the page, to learn whether a next page exists. */
    public int fetchSize() {
        return first + 1;
    }

    public static String cursor(String kind, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, String kind) throws BadUserInputException {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (plain.startsWith(kind + ":")) {
                return plain.substring(kind.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new BadUserInputException("after", "is not a cursor of this list");
    }

    /** The page's rows (without the look-ahead row) and whether more follow. */
    public <T> Slice<T> slice(List<T> fetched) {
        boolean more = fetched.size() > first;
        return new Slice<>(more ? fetched.subList(0, first) : fetched, more);
    }

    public record Slice<T>(List<T> rows, boolean hasNextPage) {
    }
}
