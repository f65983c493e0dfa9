package com.clientele.rule;

import com.clientele.rule.RuleParser.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rule text into tokens. Columns count characters (Unicode code points) from 1, so that a
 * column means the same to a person as to the service, emoji and all.
 */
final class RuleLexer {

    private final String text;
    private int index;

    RuleLexer(String text) {
        this.text = text;
    }

    List<Token> tokens() throws RuleException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (index < text.length() && Character.isWhitespace(text.codePointAt(index))) {
                index += Character.charCount(text.codePointAt(index));
            }
            if (index >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", column(index)));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() throws RuleException {
        int start = index;
        char c = text.charAt(index);
        if (isNameStart(c)) {
            String word = name();
            if (index < text.length() && text.charAt(index) == '.') {
                index++;
                boolean attribute = word.equals("attributes");
                int keyStart = index;
                while (index < text.length() && (attribute ? isAttributeKeyPart(text.charAt(index))
                        : index == keyStart ? isNameStart(text.charAt(index)) : isNamePart(text.charAt(index)))) {
                    index++;
                }
                if (index == keyStart || (attribute && !Character.isLetter(text.charAt(keyStart)))) {
                    throw RuleException.at(column(keyStart), "expected a name after '" + word + ".'", List.of("a name"));
                }
                return new Token(Token.Kind.FIELD, text.substring(start, index), column(start));
            }
            return new Token(Token.Kind.WORD, word, column(start));
        }
        if (Character.isDigit(c) || (c == '-' && index + 1 < text.length() && Character.isDigit(text.charAt(index + 1)))) {
            return number(start);
        }
        if (c == '\'') {
            return string(start);
        }
        for (String symbol : List.of("!=", "<=", ">=", "=", "<", ">", "(", ")", ",")) {
            if (text.startsWith(symbol, index)) {
                index += symbol.length();
                return new Token(Token.Kind.SYMBOL, symbol, column(start));
            }
        }
        List<String> expected = c == '-' ? List.of("a digit") : c == '!' ? List.of("!=") : List.of();
        throw RuleException.at(column(start), c == '-' ? "expected a digit after '-'" : c == '!'
                ? "expected '=' after '!'" : "this character has no meaning in a rule", expected);
    }

    private String name() {
        int start = index;
        while (index < text.length() && isNamePart(text.charAt(index))) {
            index++;
        }
        return text.substring(start, index);
    }

    private Token number(int start) throws RuleException {
        if (text.charAt(index) == '-') {
            index++;
        }
        while (index < text.length() && Character.isDigit(text.charAt(index))) {
            index++;
        }
        if (index < text.length() && text.charAt(index) == '.') {
            index++;
            int fraction = index;
            while (index < text.length() && Character.isDigit(text.charAt(index))) {
                index++;
            }
            if (index == fraction) {
                throw RuleException.at(column(index), "expected a digit after '.'", List.of("a digit"));
            }
        }
        if (index < text.length() && isNamePart(text.charAt(index))) {
            throw RuleException.at(column(index), "a number ends with a digit", List.of("a digit", "a space"));
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, index), column(start));
    }

    private Token string(int start) throws RuleException {
        StringBuilder value = new StringBuilder();
        index++;
        while (index < text.length()) {
            char c = text.charAt(index++);
            if (c == '\'') {
                if (index < text.length() && text.charAt(index) == '\'') {
                    value.append('\'');
                    index++;
                } else {
                    return new Token(Token.Kind.STRING, value.toString(), column(start));
                }
            } else {
                value.append(c);
            }
        }
        throw RuleException.at(column(text.length()), "expected ' to close the string that starts at column "
                + column(start), List.of("'"));
    }

    private int column(int charIndex) {
        return text.codePointCount(0, charIndex) + 1;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) && c < 128 || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isAttributeKeyPart(char c) {
        return isNamePart(c) || c == '.' || c == '-';
    }
}
