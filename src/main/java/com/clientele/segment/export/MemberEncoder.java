package com.clientele.segment.export;

/** Writes members as the text of one export format; appends to one builder per page, so a page is one buffer. */
interface MemberEncoder {

    /** What the export starts with, before the first member (CSV: the header row). */
    String preamble();

    void append(StringBuilder out, ExportedMember member);
}
