package com.clientele.segment.export;

/**
 * Newline-delimited JSON: one object per member and line, the raw values (no formula guard: JSON
 * readers do not evaluate cells). Written by hand rather than through a JSON library, because a
 * million small objects would otherwise each be built as a map first; the escaping is JSON's
 * (RFC 8259: quote, backslash and the control characters).
 */
final class NdjsonMemberEncoder implements MemberEncoder {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public String preamble() {
        return "";
    }

    @Override
    public void append(StringBuilder out, ExportedMember m) {
        out.append("{\"externalId\":");
        string(out, m.externalId());
        out.append(",\"email\":");
        string(out, m.email());
        out.append(",\"name\":");
        string(out, m.name());
        out.append(",\"country\":");
        string(out, m.country());
        out.append(",\"marketingConsent\":").append(m.marketingConsent());
        out.append(",\"since\":\"").append(m.since()).append('"');
        out.append(",\"detail\":");
        string(out, m.detail());
        out.append("}\n");
    }

    static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                escapeControl(out, c);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void escapeControl(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
    }
}
