package com.clientele.segment.feed;

import com.clientele.common.BadUserInputException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A change's place in the feed: the id of the transaction that wrote it, then its own id. Transactions
 * older than every running one can no longer add changes below them, so reading in this order, up to
 * that line, never passes a change that appears later (V6__change_feed_in_commit_order.sql).
 * Clients see it as an opaque string, the change's id, which both the feed and the subscription take
 * as {@code after}.
 */
public record ChangePosition(long transaction, long sequence) implements Comparable<ChangePosition> {

    /** Before every change. */
    public static final ChangePosition START = new ChangePosition(0, 0);
    /** After every change. */
    public static final ChangePosition END = new ChangePosition(Long.MAX_VALUE, Long.MAX_VALUE);
    private static final String KIND = "change:";

    public String id() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((KIND + transaction + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a change id given as the argument {@code argument}; anything else is the client's error. */
    public static ChangePosition parse(String id, String argument) throws BadUserInputException {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
            if (plain.startsWith(KIND)) {
                String[] parts = plain.substring(KIND.length()).split("/", -1);
                if (parts.length == 2) {
                    ChangePosition position = new ChangePosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                    if (position.transaction >= 0 && position.sequence >= 0 && position.id().equals(id)) {
                        return position;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through: not base64, or not numbers (NumberFormatException is one)
        }
        throw new BadUserInputException(argument, "is not the id of a membership change");
    }

    @Override
    public int compareTo(ChangePosition other) {
        int byTransaction = Long.compare(transaction, other.transaction);
        return byTransaction != 0 ? byTransaction : Long.compare(sequence, other.sequence);
    }
}
