package com.clientele.segment.export;

import java.time.Instant;

/**
 * Newline-delimited JSON: one object per member and line, the raw values (no formula guard: JSON
 * readers do not evaluate cells). Written by hand rather than through a JSON library, because a
 * million small objects would otherwise each be built as a map first; the escaping is JSON's
 * (RFC 8259: quote, backslash and the control characters).
 */
final class NdjsonMemberEncoder extends MemberEncoder {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    String preamble() {
        return "";
    }

    @Override
    void field(StringBuilder out, int index) {
        out.append(index == 0 ? "{\"" : ",\"").append(FIELDS.get(index)).append("\":");
    }

    @Override
    void text(StringBuilder out, String value) {
        string(out, value);
    }

    @Override
    void instant(StringBuilder out, Instant value) {
        out.append('"').append(value).append('"');
    }

    @Override
    void endLine(StringBuilder out) {
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
