package com.clientele.segment.export;

/**
 * CSV as RFC 4180 writes it: a header row, CRLF line ends, a cell in double quotes when it holds a comma,
 * a quote, CR or LF, with quotes doubled inside. A text cell that begins with {@code = + - @}, tab or CR
 * gets a leading {@code '} first (OWASP's advice against CSV formula injection): a spreadsheet would run
 * such a cell as a formula, and names and e-mail addresses come from shop sign-up forms.
 */
final class CsvMemberEncoder implements MemberEncoder {

    static final String HEADER = "externalId,email,name,country,marketingConsent,since,detail\r\n";

    @Override
    public String preamble() {
        return HEADER;
    }

    @Override
    public void append(StringBuilder out, ExportedMember m) {
        text(out, m.externalId());
        out.append(',');
        text(out, m.email());
        out.append(',');
        text(out, m.name());
        out.append(',');
        text(out, m.country());
        out.append(',').append(m.marketingConsent()).append(',').append(m.since()).append(',');
        text(out, m.detail());
        out.append("\r\n");
    }

    /** One text cell, guarded and quoted as needed; null is the empty cell. */
    static void text(StringBuilder out, String value) {
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
