package com.clientele.rule;

import com.clientele.rule.RuleException.Location;
import com.clientele.rule.RuleFields.Operator;
import com.clientele.rule.RuleFields.Type;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The type rules of RULES.md, one condition at a time: known fields and segments, operators that apply
 * to the operand's type, values of the right type, filters that apply to the aggregate. The parser
 * calls it with columns, the typed-input converter with input paths.
 */
final class RuleChecker {

    static final int MAX_DAYS = 36_500;

    private final RuleFields fields;
    private final Predicate<String> segmentExists;

    RuleChecker(RuleFields fields, Predicate<String> segmentExists) {
        this.fields = fields;
        this.segmentExists = segmentExists;
    }

    /** Where the parts of one condition are: its operator, and each of its values in written order. */
    record Parts(Location operator, List<Location> values) {
    }

    void inSegment(String key, Location at) throws RuleException {
        if (!segmentExists.test(key)) {
            throw RuleException.at(at, "there is no segment with this key", List.of("the key of a segment"));
        }
    }

    /** The operand's type, once its field is known and its filters are valid. */
    Type operand(Operand operand, Location at) throws RuleException {
        if (operand instanceof Operand.Field field) {
            return fields.field(field.name()).map(RuleFields.Field::type).orElseThrow(() -> {
                List<String> near = fields.nearest(field.name());
                return RuleException.at(at, "no field is called this" + (near.isEmpty() ? ""
                        : "; did you mean " + String.join(", ", near) + "?"), near);
            });
        }
        Operand.Aggregate aggregate = (Operand.Aggregate) operand;
        boolean visits = aggregate.kind() == Operand.AggregateKind.VISITS;
        if (aggregate.inLastDays() != null && (aggregate.inLastDays() < 1 || aggregate.inLastDays() > MAX_DAYS)) {
            throw RuleException.at(at.child("inLastDays"), "the days of 'in last' lie between 1 and " + MAX_DAYS,
                    List.of("a whole number of days from 1 to " + MAX_DAYS));
        }
        if (visits && (aggregate.category() != null || aggregate.sku() != null || aggregate.discounted() != null)) {
            throw RuleException.at(at, "visits takes the filters in last, device, source and addedToCart",
                    List.of("in last", "device", "source", "addedToCart"));
        }
        if (!visits && aggregate.addedToCart() != null) {
            throw RuleException.at(at, aggregate.kind().word() + " takes the filters in last, category, sku, device, "
                    + "source and discounted", List.of("in last", "category", "sku", "device", "source", "discounted"));
        }
        filterValues(aggregate.category(), null, at.child("category"));
        filterValues(aggregate.sku(), null, at.child("sku"));
        filterValues(aggregate.device(), RuleFields.DEVICES, at.child("device"));
        filterValues(aggregate.source(), RuleFields.SOURCES, at.child("source"));
        return RuleFields.typeOf(aggregate.kind());
    }

    private static void filterValues(List<Value> values, List<String> allowed, Location at) throws RuleException {
        if (values == null) {
            return;
        }
        for (Value value : values) {
            storable(value, at);
            if (!(value instanceof Value.Text text) || (allowed != null && !allowed.contains(text.value()))) {
                throw RuleException.at(at, allowed == null ? "takes strings" : "takes one of " + String.join(", ", allowed),
                        allowed == null ? List.of("a string") : allowed);
            }
        }
    }

    /** Checks a condition (its operator, and its values as written) whose operand has the given type. */
    void condition(Operator operator, List<Value> values, Operand operand, Type type, Parts parts) throws RuleException {
        if (!RuleFields.operators(type).contains(operator)) {
            List<String> allowed = RuleFields.operators(type).stream().map(RuleChecker::word).toList();
            throw RuleException.at(parts.operator(), "'" + word(operator) + "' does not apply to "
                    + describe(operand, type), allowed);
        }
        for (int i = 0; i < values.size(); i++) {
            value(values.get(i), operand, type, operator, parts.values().get(i));
        }
    }

    private void value(Value value, Operand operand, Type type, Operator operator, Location at) throws RuleException {
        storable(value, at);
        if (type == Type.ATTRIBUTE) {
            return; // typed per customer: another type simply does not match
        }
        if (operator == Operator.CONTAINS || operator == Operator.STARTS_WITH || operator == Operator.ENDS_WITH) {
            return; // the parser and the converter only take strings there
        }
        if (type.isNumeric() && !(value instanceof Value.Num)) {
            throw RuleException.at(at, describe(operand, type) + " compares with numbers", List.of("a number"));
        }
        if (type == Type.BOOLEAN && !(value instanceof Value.Bool)) {
            throw RuleException.at(at, describe(operand, type) + " compares with true or false", List.of("true", "false"));
        }
        if ((type.isText() || type.isTime()) && !(value instanceof Value.Text)) {
            throw RuleException.at(at, describe(operand, type) + " compares with strings", List.of("a string"));
        }
        if (type == Type.DATE && !isDate(((Value.Text) value).value())) {
            throw RuleException.at(at, "a date is written '2026-11-01'", List.of("a date such as '2026-11-01'"));
        }
        if (type == Type.INSTANT && !isDate(((Value.Text) value).value()) && !isInstant(((Value.Text) value).value())) {
            throw RuleException.at(at, "an instant is written '2026-11-01' (midnight UTC) or '2026-11-01T10:15:00Z'",
                    List.of("a date such as '2026-11-01'", "an instant such as '2026-11-01T10:15:00Z'"));
        }
        if ((type == Type.ENUM || type == Type.KEY) && (operator == Operator.EQ || operator == Operator.NE
                || operator == Operator.IN || operator == Operator.NOT_IN)) {
            List<String> allowed = fields.field(((Operand.Field) operand).name()).orElseThrow().values();
            if (!allowed.contains(((Value.Text) value).value())) {
                throw RuleException.at(at, describe(operand, type) + " takes one of " + String.join(", ", allowed), allowed);
            }
        }
    }

    static final int MAX_INTEGER_DIGITS = 30;
    static final int MAX_DECIMALS = 20;

    /**
     * Text that no customer field can hold (PostgreSQL text has no NUL; UTF-8 has no lone surrogate), and
     * numbers beyond any metric's range (1e1000000 would be a megabyte of digits in SQL).
     */
    private static void storable(Value value, Location at) throws RuleException {
        if (value instanceof Value.Num num) {
            BigDecimal n = num.value();
            if (n.precision() - n.scale() > MAX_INTEGER_DIGITS || n.scale() > MAX_DECIMALS) {
                throw RuleException.at(at, "a number has at most " + MAX_INTEGER_DIGITS + " digits before the point and "
                        + MAX_DECIMALS + " after it", List.of("a number such as 250 or 0.6"));
            }
            return;
        }
        if (!(value instanceof Value.Text text)) {
            return;
        }
        String s = text.value();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == '\u0000' || (Character.isSurrogate(c) && !pairedHigh)) {
                throw RuleException.at(at, "a string cannot hold a NUL character or an unpaired UTF-16 surrogate",
                        List.of("text without NUL characters"));
            }
            i += pairedHigh ? 1 : 0;
        }
    }

    static Operator operatorOf(Rule condition) {
        if (condition instanceof Rule.Compare compare) {
            return Operator.values()[compare.comparison().ordinal()];
        }
        if (condition instanceof Rule.Between) {
            return Operator.BETWEEN;
        }
        if (condition instanceof Rule.InList in) {
            return in.negated() ? Operator.NOT_IN : Operator.IN;
        }
        if (condition instanceof Rule.TextMatch match) {
            return Operator.values()[Operator.CONTAINS.ordinal() + match.match().ordinal()];
        }
        return ((Rule.IsSet) condition).negated() ? Operator.IS_NOT_SET : Operator.IS_SET;
    }

    static List<Value> valuesOf(Rule condition) {
        List<Value> values = new ArrayList<>();
        if (condition instanceof Rule.Compare compare) {
            values.add(compare.value());
        } else if (condition instanceof Rule.Between between) {
            values.add(between.low());
            values.add(between.high());
        } else if (condition instanceof Rule.InList in) {
            values.addAll(in.values());
        } else if (condition instanceof Rule.TextMatch match) {
            values.add(new Value.Text(match.value()));
        }
        return values;
    }

    /** How an operator is written in the text form. */
    static String word(Operator operator) {
        return switch (operator) {
            case EQ -> "=";
            case NE -> "!=";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case BETWEEN -> "between";
            case IN -> "in";
            case NOT_IN -> "not in";
            case CONTAINS -> "contains";
            case STARTS_WITH -> "starts with";
            case ENDS_WITH -> "ends with";
            case IS_SET -> "is set";
            case IS_NOT_SET -> "is not set";
        };
    }

    private static String describe(Operand operand, Type type) {
        String name = operand instanceof Operand.Field field ? field.name()
                : ((Operand.Aggregate) operand).kind().word() + "(...)";
        return type.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isInstant(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
