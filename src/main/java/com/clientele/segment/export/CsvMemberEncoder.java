package com.clientele.segment.export;

import java.time.Instant;

/**
 * CSV as RFC 4180 writes it: a header row, CRLF line ends, a cell in double quotes when it holds a comma,
 * a quote, CR or LF, with quotes doubled inside. A text cell that begins with {@code = + - @}, tab or CR
 * gets a leading {@code '} first (OWASP's advice against CSV formula injection): a spreadsheet would run
 * such a cell as a formula, and names and e-mail addresses come from shop sign-up forms.
 */
final class CsvMemberEncoder extends MemberEncoder {

    static final String HEADER = String.join(",", FIELDS) + "\r\n";

    @Override
    String preamble() {
        return HEADER;
    }

    @Override
    void field(StringBuilder out, int index) {
        if (index > 0) {
            out.append(',');
        }
    }

    /** One text cell, guarded and quoted as needed; null is the empty cell. */
    @Override
    void text(StringBuilder out, String value) {
        cell(out, value);
    }

    @Override
    void instant(StringBuilder out, Instant value) {
        out.append(value);
    }

    @Override
    void endLine(StringBuilder out) {
        out.append("\r\n");
    }

    static void cell(StringBuilder out, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean guard = startsAFormula(value.charAt(0));
        if (!needsQuotes(value)) {
            if (guard) {
                out.append('\'');
            }
            out.append(value);
            return;
        }
        out.append('"');
        if (guard) {
            out.append('\'');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    static boolean startsAFormula(char first) {
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
