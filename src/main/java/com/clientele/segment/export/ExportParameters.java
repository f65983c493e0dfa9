package com.clientele.segment.export;

import com.clientele.common.ApiException.Problem;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The query parameters of an export: only {@code consent} ({@code true}: customers with marketing consent
 * only; {@code false} or absent: everyone). Anything else is refused rather than ignored, so a typo such as
 * {@code ?consnet=true} cannot silently export everyone.
 */
record ExportParameters(boolean consentOnly) {

    static final String CONSENT = "consent";
    /** Parameter names that may be repeated in a message: plain identifiers, never arbitrary client text. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** The parameters, or the first problem with them. */
    static Parsed parse(MultiMap query) {
        for (String name : query.names()) {
            if (!name.equals(CONSENT)) {
                String path = PLAIN_NAME.matcher(name).matches() ? name : "query";
                return new Parsed(null, new Problem(path, "is not a parameter of the export; it takes only "
                        + CONSENT + "=true|false"));
            }
        }
        List<String> values = query.getAll(CONSENT);
        if (values.isEmpty()) {
            return new Parsed(new ExportParameters(false), null);
        }
        if (values.size() > 1) {
            return new Parsed(null, new Problem(CONSENT, "is given more than once"));
        }
        return switch (values.get(0)) {
            case "true" -> new Parsed(new ExportParameters(true), null);
            case "false" -> new Parsed(new ExportParameters(false), null);
            default -> new Parsed(null, new Problem(CONSENT, "must be true or false"));
        };
    }

    /** Exactly one of parameters and problem. */
    record Parsed(ExportParameters parameters, Problem problem) {
    }
}
