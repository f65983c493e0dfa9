package com.clientele.rule;

import com.clientele.rule.RuleException.Location;
import com.clientele.rule.RuleFields.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the text form of RULES.md into a checked {@link Rule}: a recursive-descent parser over the
 * grammar there, with errors that name the 1-based column and what was expected, and the type rules
 * of {@link RuleChecker} applied to each condition as it is read.
 */
public final class RuleParser {

    /** Reserved words: no field is named like one. Compared in lower case. */
    static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "between", "contains", "starts", "ends", "with",
            "is", "set", "true", "false", "last", "days", "insegment", "orders", "spend", "units", "visits");
    private static final List<String> CONDITION_START = List.of("not", "(", "inSegment", "a field", "an aggregate");
    private static final List<String> AFTER_OPERAND = List.of("=", "!=", "<", "<=", ">", ">=", "between", "in", "not in",
            "contains", "starts with", "ends with", "is set", "is not set");
    private static final List<String> A_VALUE = List.of("a number", "a string", "true", "false");
    private static final List<String> FILTERS = List.of("in last", "category", "sku", "device", "source", "discounted",
            "addedToCart");

    private final RuleFields fields;
    private final RuleChecker checker;
    private final RuleLimits limits;

    public RuleParser(RuleFields fields, Predicate<String> segmentExists, RuleLimits limits) {
        this.fields = fields;
        this.checker = new RuleChecker(fields, segmentExists);
        this.limits = limits;
    }

    public Rule parse(String text) throws RuleException {
        if (text.codePointCount(0, text.length()) > limits.maxLength()) {
            throw RuleException.at(limits.maxLength() + 1, "a rule holds at most " + limits.maxLength() + " characters",
                    List.of());
        }
        Reading reading = new Reading(new RuleLexer(text).tokens());
        Rule rule = reading.or(0);
        Token end = reading.peek();
        if (end.kind() != Token.Kind.END) {
            throw reading.expected(end, List.of("and", "or", "the end of the rule"), null);
        }
        return rule;
    }

    /** One pass over the tokens of one text. */
    private final class Reading {
        private final List<Token> tokens;
        private int next;
        private int conditions;

        Reading(List<Token> tokens) {
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(next);
        }

        Token take() {
            return tokens.get(next++);
        }

        boolean atWord(String word) {
            return peek().isWord(word);
        }

        boolean atSymbol(String symbol) {
            return peek().isSymbol(symbol);
        }

        Token expectWord(String word, String after) throws RuleException {
            if (!atWord(word)) {
                throw expected(peek(), List.of(word), after);
            }
            return take();
        }

        Token expectSymbol(String symbol, String after) throws RuleException {
            if (!atSymbol(symbol)) {
                throw expected(peek(), List.of(symbol), after);
            }
            return take();
        }

        RuleException expected(Token at, List<String> what, String after) {
            String list = what.size() == 1 ? what.get(0)
                    : String.join(", ", what.subList(0, what.size() - 1)) + " or " + what.get(what.size() - 1);
            String found = at.kind() == Token.Kind.END ? "the end of the rule" : "'" + at.text() + "'";
            return RuleException.at(at.column(), "expected " + list + (after == null ? "" : " after '" + after + "'")
                    + ", found " + found, what);
        }

        Rule or(int depth) throws RuleException {
            List<Rule> operands = new ArrayList<>(List.of(and(depth)));
            while (atWord("or")) {
                take();
                operands.add(and(depth));
            }
            return operands.size() == 1 ? operands.get(0) : new Rule.Or(operands);
        }

        Rule and(int depth) throws RuleException {
            List<Rule> operands = new ArrayList<>(List.of(unary(depth)));
            while (atWord("and")) {
                take();
                operands.add(unary(depth));
            }
            return operands.size() == 1 ? operands.get(0) : new Rule.And(operands);
        }

        Rule unary(int depth) throws RuleException {
            if (depth > limits.maxDepth()) {
                throw RuleException.at(peek().column(), "a rule nests at most " + limits.maxDepth() + " deep", List.of());
            }
            if (atWord("not")) {
                take();
                return new Rule.Not(unary(depth + 1));
            }
            if (atSymbol("(")) {
                take();
                Rule inner = or(depth + 1);
                expectSymbol(")", null);
                return inner;
            }
            return condition();
        }

        Rule condition() throws RuleException {
            Token start = peek();
            if (++conditions > limits.maxConditions()) {
                throw RuleException.at(start.column(), "a rule holds at most " + limits.maxConditions() + " conditions",
                        List.of());
            }
            if (atWord("insegment")) {
                take();
                expectSymbol("(", "inSegment");
                Token key = string("(");
                expectSymbol(")", null);
                checker.inSegment(key.text(), Location.column(key.column()));
                return new Rule.InSegment(key.text());
            }
            Operand operand = operand();
            Type type = checker.operand(operand, Location.column(start.column()));
            Token operator = peek();
            Written written = new Written();
            Rule condition = comparison(operand, operator, written);
            checker.condition(RuleChecker.operatorOf(condition), written.values, operand, type,
                    new RuleChecker.Parts(Location.column(operator.column()), written.at));
            return condition;
        }

        private Rule comparison(Operand operand, Token operator, Written valuesAt) throws RuleException {
            for (Rule.Comparison comparison : Rule.Comparison.values()) {
                if (atSymbol(comparison.symbol)) {
                    take();
                    return new Rule.Compare(operand, comparison, value(comparison.symbol, valuesAt));
                }
            }
            if (atWord("between")) {
                take();
                Value low = value("between", valuesAt);
                expectWord("and", "between ... ");
                return new Rule.Between(operand, low, value("and", valuesAt));
            }
            if (atWord("not")) {
                take();
                expectWord("in", "not");
                return new Rule.InList(operand, true, list("not in", valuesAt));
            }
            if (atWord("in")) {
                take();
                return new Rule.InList(operand, false, list("in", valuesAt));
            }
            for (Rule.Match match : Rule.Match.values()) {
                String first = match.words.split(" ")[0];
                if (atWord(first)) {
                    take();
                    if (match != Rule.Match.CONTAINS) {
                        expectWord("with", first);
                    }
                    Token text = string(match.words);
                    valuesAt.add(new Value.Text(text.text()), text.column());
                    return new Rule.TextMatch(operand, match, text.text());
                }
            }
            if (atWord("is")) {
                take();
                boolean not = atWord("not");
                if (not) {
                    take();
                }
                expectWord("set", not ? "is not" : "is");
                return new Rule.IsSet(operand, not);
            }
            throw expected(operator, AFTER_OPERAND, null);
        }

        Operand operand() throws RuleException {
            Token token = peek();
            if (token.kind() == Token.Kind.WORD) {
                String word = token.lower();
                for (Operand.AggregateKind kind : Operand.AggregateKind.values()) {
                    if (word.equals(kind.word())) {
                        take();
                        return aggregate(kind, token);
                    }
                }
                if (!KEYWORDS.contains(word)) {
                    take();
                    return new Operand.Field(token.text());
                }
            }
            if (token.kind() == Token.Kind.FIELD) {
                take();
                return new Operand.Field(token.text());
            }
            throw expected(token, CONDITION_START, null);
        }

        private Operand aggregate(Operand.AggregateKind kind, Token name) throws RuleException {
            expectSymbol("(", name.text());
            Operand.Aggregate aggregate = Operand.Aggregate.of(kind);
            if (atSymbol(")")) {
                take();
                return aggregate;
            }
            List<String> seen = new ArrayList<>();
            while (true) {
                Token filter = peek();
                String word = filter.kind() == Token.Kind.WORD ? filter.lower() : "";
                String key = word.equals("in") ? "in last" : word.equals("addedtocart") ? "addedToCart" : word;
                if (!FILTERS.contains(key)) {
                    throw expected(filter, FILTERS, null);
                }
                if (seen.contains(key)) {
                    throw RuleException.at(filter.column(), "the filter '" + key + "' appears twice in one aggregate",
                            List.of());
                }
                seen.add(key);
                take();
                aggregate = filter(aggregate, key);
                if (!atSymbol(",")) {
                    break;
                }
                take();
            }
            expectSymbol(")", null);
            return aggregate;
        }

        private Operand.Aggregate filter(Operand.Aggregate a, String key) throws RuleException {
            switch (key) {
                case "in last" -> {
                    expectWord("last", "in");
                    Token days = peek();
                    if (days.kind() != Token.Kind.NUMBER || days.text().contains(".") || days.text().startsWith("-")) {
                        throw expected(days, List.of("a whole number of days"), "in last");
                    }
                    take();
                    expectWord("days", days.text());
                    int n = days.text().length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(days.text());
                    if (n < 1 || n > RuleChecker.MAX_DAYS) {
                        throw RuleException.at(days.column(), "the days of 'in last' lie between 1 and "
                                + RuleChecker.MAX_DAYS, List.of("a whole number of days from 1 to " + RuleChecker.MAX_DAYS));
                    }
                    return new Operand.Aggregate(a.kind(), n, a.category(), a.sku(), a.device(), a.source(),
                            a.discounted(), a.addedToCart());
                }
                case "discounted", "addedToCart" -> {
                    expectSymbol("=", key);
                    Token flag = peek();
                    if (!flag.isWord("true") && !flag.isWord("false")) {
                        throw expected(flag, List.of("true", "false"), "=");
                    }
                    take();
                    boolean value = flag.isWord("true");
                    return key.equals("discounted")
                            ? new Operand.Aggregate(a.kind(), a.inLastDays(), a.category(), a.sku(), a.device(), a.source(),
                            value, a.addedToCart())
                            : new Operand.Aggregate(a.kind(), a.inLastDays(), a.category(), a.sku(), a.device(), a.source(),
                            a.discounted(), value);
                }
                default -> {
                    List<Value> values;
                    if (atSymbol("=")) {
                        take();
                        values = List.of(value("=", new Written()));
                    } else if (atWord("in")) {
                        take();
                        values = list("in", new Written());
                    } else {
                        throw expected(peek(), List.of("=", "in"), key);
                    }
                    return switch (key) {
                        case "category" -> new Operand.Aggregate(a.kind(), a.inLastDays(), values, a.sku(), a.device(),
                                a.source(), a.discounted(), a.addedToCart());
                        case "sku" -> new Operand.Aggregate(a.kind(), a.inLastDays(), a.category(), values, a.device(),
                                a.source(), a.discounted(), a.addedToCart());
                        case "device" -> new Operand.Aggregate(a.kind(), a.inLastDays(), a.category(), a.sku(), values,
                                a.source(), a.discounted(), a.addedToCart());
                        default -> new Operand.Aggregate(a.kind(), a.inLastDays(), a.category(), a.sku(), a.device(),
                                values, a.discounted(), a.addedToCart());
                    };
                }
            }
        }

        List<Value> list(String after, Written valuesAt) throws RuleException {
            expectSymbol("(", after);
            List<Value> values = new ArrayList<>(List.of(value("(", valuesAt)));
            while (atSymbol(",")) {
                take();
                values.add(value(",", valuesAt));
            }
            expectSymbol(")", null);
            return values;
        }

        Value value(String after, Written written) throws RuleException {
            Token token = peek();
            Value value = null;
            if (token.kind() == Token.Kind.NUMBER) {
                value = Value.Num.of(token.text());
            } else if (token.kind() == Token.Kind.STRING) {
                value = new Value.Text(token.text());
            } else if (token.isWord("true") || token.isWord("false")) {
                value = new Value.Bool(token.isWord("true"));
            }
            if (value != null) {
                take();
                written.add(value, token.column());
                return value;
            }
            throw RuleException.at(token.column(), "expected a value after '" + after + "', found "
                    + (token.kind() == Token.Kind.END ? "the end of the rule" : "'" + token.text() + "'"), A_VALUE);
        }

        Token string(String after) throws RuleException {
            Token token = peek();
            if (token.kind() != Token.Kind.STRING) {
                throw expected(token, List.of("a string"), after);
            }
            return take();
        }
    }

    /** The values of a condition in the order they are written, with their columns. */
    private static final class Written {
        final List<Value> values = new ArrayList<>();
        final List<Location> at = new ArrayList<>();

        void add(Value value, int column) {
            values.add(value);
            at.add(Location.column(column));
        }
    }

    /** A token of the text form; its column is the 1-based position of its first character. */
    record Token(Kind kind, String text, int column) {
        enum Kind { WORD, FIELD, STRING, NUMBER, SYMBOL, END }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }
}
