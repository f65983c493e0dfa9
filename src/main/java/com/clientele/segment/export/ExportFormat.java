package com.clientele.segment.export;

import io.vertx.ext.web.MIMEHeader;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The formats of the member export, chosen by the request's {@code Accept} header: CSV unless NDJSON is asked for. */
enum ExportFormat {

    CSV("text/csv", "csv", CsvMemberEncoder::new),
    NDJSON("application/x-ndjson", "ndjson", NdjsonMemberEncoder::new);

    /** The media types that ask for NDJSON: the common one and the one of the ndjson specification. */
    private static final List<String> NDJSON_TYPES = List.of("application/x-ndjson", "application/ndjson");

    final String mediaType;
    final String extension;
    private final Supplier<MemberEncoder> encoder;

    ExportFormat(String mediaType, String extension, Supplier<MemberEncoder> encoder) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.encoder = encoder;
    }

    MemberEncoder encoder() {
        return encoder.get();
    }

    /** The tag of the format in metrics and the log: {@code csv}, {@code ndjson}. */
    String tag() {
        return extension;
    }

    /**
     * The format for an {@code Accept} header, its media ranges in order of preference (as Vert.x parses
     * them); CSV without one. Null when no range the client accepts is served: HTTP 406.
     */
    static ExportFormat negotiate(List<MIMEHeader> accepted) {
        if (accepted == null || accepted.isEmpty()) {
            return CSV;
        }
        for (MIMEHeader range : accepted) {
            if (range.weight() <= 0) {
                continue;
            }
            ExportFormat format = of((range.component() + "/" + range.subComponent()).toLowerCase(Locale.ROOT));
            if (format != null) {
                return format;
            }
        }
        return null;
    }

    private static ExportFormat of(String range) {
        if (range.equals("text/csv") || range.equals("text/*") || range.equals("*/*")) {
            return CSV;
        }
        if (NDJSON_TYPES.contains(range) || range.equals("application/*")) {
            return NDJSON;
        }
        return null;
    }
}
