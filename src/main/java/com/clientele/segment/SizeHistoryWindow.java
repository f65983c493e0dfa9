package com.clientele.segment;

import com.clientele.common.BadUserInputException;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The days a {@code sizeHistory} request covers: bounded, so its cost is known before it runs. */
record SizeHistoryWindow(LocalDate from, LocalDate to) {

    static final int MAX_DAYS = 3661;
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    static SizeHistoryWindow of(LocalDate from, LocalDate to, LocalDate today) throws BadUserInputException {
        LocalDate end = to == null ? today : to;
        LocalDate start = from == null ? end.minusDays(365) : from;
        if (start.isBefore(EARLIEST) || end.isAfter(LATEST)) {
            throw new BadUserInputException(start.isBefore(EARLIEST) ? "from" : "to", "must lie between 1900-01-01 and 9999-12-31");
        }
        if (start.isAfter(end)) {
            throw new BadUserInputException("from", "must not lie after to");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw new BadUserInputException("from", "covers more than " + MAX_DAYS + " days; ask for a shorter period");
        }
        return new SizeHistoryWindow(start, end);
    }
}
