package com.clientele.segment.export;

import java.time.Instant;
import java.util.List;

/**
 * Writes members as the lines of one export format, the fields of {@link #FIELDS} in that order. The
 * formats differ in how a field is introduced and how a value is written, not in which fields there are.
 * Each page appends to one builder, so a page becomes one buffer.
 */
abstract class MemberEncoder {

    static final List<String> FIELDS = List.of("externalId", "email", "name", "country", "marketingConsent", "since",
            "detail");

    /** What the export starts with, before the first member (CSV: the header row). */
    abstract String preamble();

    final void append(StringBuilder out, ExportedMember m) {
        field(out, 0);
        text(out, m.externalId());
        field(out, 1);
        text(out, m.email());
        field(out, 2);
        text(out, m.name());
        field(out, 3);
        text(out, m.country());
        field(out, 4);
        out.append(m.marketingConsent());
        field(out, 5);
        instant(out, m.since());
        field(out, 6);
        text(out, m.detail());
        endLine(out);
    }

    /** What comes before the value of field {@code index} (of {@link #FIELDS}). */
    abstract void field(StringBuilder out, int index);

    /** A text value, possibly null. */
    abstract void text(StringBuilder out, String value);

    /** An instant, ISO-8601 in UTC. */
    abstract void instant(StringBuilder out, Instant value);

    abstract void endLine(StringBuilder out);
}
