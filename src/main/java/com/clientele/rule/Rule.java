package com.clientele.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The syntax tree of a segment rule. Trees are normalised as they are built, so that two rules that
 * mean the same by the language's own definition are equal: nested {@code and}s (and {@code or}s) are
 * flattened, and {@code in} lists are sets. The text form and the typed GraphQL input both describe
 * exactly these trees; {@link RulePrinter} gives the canonical text and {@link RuleParser} reads it back.
 */
public sealed interface Rule
        permits Rule.Or, Rule.And, Rule.Not, Rule.InSegment, Rule.Compare, Rule.Between, Rule.InList,
        Rule.TextMatch, Rule.IsSet {

    /** At least two operands; an {@code or} inside an {@code or} is merged into it. */
    record Or(List<Rule> operands) implements Rule {
        public Or {
            operands = flatten(operands, Or.class);
        }
    }

    /** At least two operands; an {@code and} inside an {@code and} is merged into it. */
    record And(List<Rule> operands) implements Rule {
        public And {
            operands = flatten(operands, And.class);
        }
    }

    record Not(Rule operand) implements Rule {
    }

    record InSegment(String key) implements Rule {
    }

    enum Comparison {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }

    record Compare(Operand operand, Comparison comparison, Value value) implements Rule {
    }

    /** {@code low <= operand <= high}. */
    record Between(Operand operand, Value low, Value high) implements Rule {
    }

    record InList(Operand operand, boolean negated, List<Value> values) implements Rule {
        public InList {
            values = asSet(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("an in list holds at least one value");
            }
        }
    }

    enum Match {
        CONTAINS("contains"), STARTS_WITH("starts with"), ENDS_WITH("ends with");

        public final String words;

        Match(String words) {
            this.words = words;
        }
    }

    /** Case-insensitive, every character literal. */
    record TextMatch(Operand operand, Match match, String value) implements Rule {
    }

    record IsSet(Operand operand, boolean negated) implements Rule {
    }

    /** The keys of the segments the rule names with {@code inSegment}, sorted. */
    static SortedSet<String> segmentsNamed(Rule rule) {
        SortedSet<String> keys = new TreeSet<>();
        collectSegments(rule, keys);
        return keys;
    }

    private static void collectSegments(Rule rule, SortedSet<String> keys) {
        if (rule instanceof InSegment in) {
            keys.add(in.key());
        } else if (rule instanceof Not not) {
            collectSegments(not.operand(), keys);
        } else if (rule instanceof And and) {
            and.operands().forEach(r -> collectSegments(r, keys));
        } else if (rule instanceof Or or) {
            or.operands().forEach(r -> collectSegments(r, keys));
        }
    }

    private static List<Rule> flatten(List<Rule> operands, Class<? extends Rule> kind) {
        List<Rule> flat = new ArrayList<>();
        for (Rule operand : operands) {
            if (kind.isInstance(operand)) {
                flat.addAll(operand instanceof And and ? and.operands() : ((Or) operand).operands());
            } else {
                flat.add(operand);
            }
        }
        if (flat.size() < 2) {
            throw new IllegalArgumentException("and/or take at least two operands");
        }
        return List.copyOf(flat);
    }

    /** A sorted list without repeats, or null for null. */
    static List<Value> asSet(List<Value> values) {
        if (values == null) {
            return null;
        }
        TreeSet<Value> set = new TreeSet<>(Value.ORDER);
        set.addAll(values);
        return List.copyOf(set);
    }
}
