package com.clientele.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The canonical text of a rule: keywords and aggregate names in lower case ({@code inSegment} as
 * written), one space between tokens, none inside parentheses or before commas, strings in single
 * quotes with a quote doubled, numbers without exponent or trailing zeros, parentheses only where
 * precedence needs them. Parsing the text gives the same tree back.
 */
public final class RulePrinter {

    private RulePrinter() {
    }

    public static String print(Rule rule) {
        StringBuilder out = new StringBuilder();
        rule(rule, Precedence.OR, out);
        return out.toString();
    }

    /** How tightly a position binds: an operand looser than its position is parenthesised. */
    private enum Precedence { OR, AND, NOT }

    private static void rule(Rule rule, Precedence position, StringBuilder out) {
        if (rule instanceof Rule.Or or) {
            group(or.operands(), " or ", Precedence.OR, position, Precedence.AND, out);
        } else if (rule instanceof Rule.And and) {
            group(and.operands(), " and ", Precedence.AND, position, Precedence.NOT, out);
        } else if (rule instanceof Rule.Not not) {
            out.append("not ");
            rule(not.operand(), Precedence.NOT, out);
        } else if (rule instanceof Rule.InSegment in) {
            out.append("inSegment(").append(string(in.key())).append(')');
        } else {
            condition(rule, out);
        }
    }

    private static void group(List<Rule> operands, String separator, Precedence own, Precedence position,
                              Precedence inner, StringBuilder out) {
        boolean parens = position.compareTo(own) > 0;
        if (parens) {
            out.append('(');
        }
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            rule(operands.get(i), inner, out);
        }
        if (parens) {
            out.append(')');
        }
    }

    private static void condition(Rule rule, StringBuilder out) {
        if (rule instanceof Rule.Compare compare) {
            operand(compare.operand(), out);
            out.append(' ').append(compare.comparison().symbol).append(' ').append(value(compare.value()));
        } else if (rule instanceof Rule.Between between) {
            operand(between.operand(), out);
            out.append(" between ").append(value(between.low())).append(" and ").append(value(between.high()));
        } else if (rule instanceof Rule.InList in) {
            operand(in.operand(), out);
            out.append(in.negated() ? " not in " : " in ").append(list(in.values()));
        } else if (rule instanceof Rule.TextMatch match) {
            operand(match.operand(), out);
            out.append(' ').append(match.match().words).append(' ').append(string(match.value()));
        } else {
            Rule.IsSet isSet = (Rule.IsSet) rule;
            operand(isSet.operand(), out);
            out.append(isSet.negated() ? " is not set" : " is set");
        }
    }

    private static void operand(Operand operand, StringBuilder out) {
        if (operand instanceof Operand.Field field) {
            out.append(field.name());
            return;
        }
        Operand.Aggregate a = (Operand.Aggregate) operand;
        List<String> filters = new ArrayList<>();
        if (a.inLastDays() != null) {
            filters.add("in last " + a.inLastDays() + " days");
        }
        filter("category", a.category(), filters);
        filter("sku", a.sku(), filters);
        filter("device", a.device(), filters);
        filter("source", a.source(), filters);
        if (a.discounted() != null) {
            filters.add("discounted = " + a.discounted());
        }
        if (a.addedToCart() != null) {
            filters.add("addedToCart = " + a.addedToCart());
        }
        out.append(a.kind().word()).append('(').append(String.join(", ", filters)).append(')');
    }

    private static void filter(String name, List<Value> values, List<String> filters) {
        if (values != null) {
            filters.add(name + (values.size() == 1 ? " = " + value(values.get(0)) : " in " + list(values)));
        }
    }

    private static String list(List<Value> values) {
        return values.stream().map(RulePrinter::value).collect(Collectors.joining(", ", "(", ")"));
    }

    static String value(Value value) {
        if (value instanceof Value.Num num) {
            return num.value().toPlainString();
        }
        if (value instanceof Value.Text text) {
            return string(text.value());
        }
        return String.valueOf(((Value.Bool) value).value());
    }

    private static String string(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
