package com.clientele.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** PostgreSQL keeps microseconds; every instant is cut to them before it is stored or compared. */
public final class Times {

    private Times() {
    }

    public static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    public static OffsetDateTime utc(Instant at) {
        return at == null ? null : micros(at).atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
