package com.clientele.segment.export;

/** What one export was asked for: the segment, the format and whether only consenting customers go out. */
record ExportRequest(String key, ExportFormat format, boolean consentOnly) {

    /** How the export names itself in its log line, e.g. {@code LOYAL (csv, consent only)}. */
    String describe() {
        return key + " (" + format.tag() + (consentOnly ? ", consent only" : "") + ")";
    }
}
