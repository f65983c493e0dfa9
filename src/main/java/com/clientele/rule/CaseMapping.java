package com.clientele.rule;

/**
 * The per-character, locale-independent Unicode lower-case mapping of RULES.md, the same in Java and in
 * SQL: PostgreSQL's {@code lower()} depends on the database's locale (and lowers only ASCII under "C"),
 * so SQL applies {@code translate(x, FROM, TO)} with the pairs Java's {@link Character#toLowerCase(int)} defines.
 */
final class CaseMapping {

    static final String FROM;
    static final String TO;

    static {
        StringBuilder from = new StringBuilder();
        StringBuilder to = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int lower = Character.toLowerCase(cp);
            if (lower != cp && (cp < 0xD800 || cp > 0xDFFF) && Character.isDefined(cp)) {
                from.appendCodePoint(cp);
                to.appendCodePoint(lower);
            }
        }
        FROM = from.toString();
        TO = to.toString();
    }

    private CaseMapping() {
    }

    static String lower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(cp)));
        return out.toString();
    }
}
