package com.clientele.rule;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Evaluates a rule over one customer's {@link CustomerFacts}, in Java, written from RULES.md apart from
 * the SQL compiler: explanations use it, and property tests hold the two to each other. Two-valued
 * logic: a condition on an unset value is false, whatever the operator, except {@code is not set}.
 */
public final class RuleEvaluator {

    public boolean matches(Rule rule, CustomerFacts facts) {
        if (rule instanceof Rule.And and) {
            return and.operands().stream().allMatch(r -> matches(r, facts));
        }
        if (rule instanceof Rule.Or or) {
            return or.operands().stream().anyMatch(r -> matches(r, facts));
        }
        if (rule instanceof Rule.Not not) {
            return !matches(not.operand(), facts);
        }
        if (rule instanceof Rule.InSegment in) {
            return facts.segments().contains(in.key());
        }
        Operand operand = RuleInputs.operandOf(rule);
        Object value = valueOf(operand, facts);
        if (rule instanceof Rule.IsSet isSet) {
            return (value != null) != isSet.negated();
        }
        if (value == null) {
            return false;
        }
        return holds(rule, value);
    }

    /** The operand's value for this customer, null when unset; aggregates are numbers, never unset. */
    public Object valueOf(Operand operand, CustomerFacts facts) {
        if (operand instanceof Operand.Aggregate aggregate) {
            return aggregate(aggregate, facts);
        }
        Operand.Field field = (Operand.Field) operand;
        if (field.isAttribute()) {
            return facts.attributes().get(field.attributeKey());
        }
        return switch (field.name()) {
            case "age" -> facts.fields().get("birthDate") instanceof LocalDate birth
                    ? BigDecimal.valueOf(Period.between(birth, LocalDate.ofInstant(facts.asOf(), ZoneOffset.UTC)).getYears())
                    : null;
            case "device" -> latest(facts, "device");
            case "source" -> latest(facts, "source");
            default -> facts.fields().get(field.name());
        };
    }

    /** Whether a condition holds for a set value (of the operand's type, or an attribute of any). */
    private boolean holds(Rule rule, Object value) {
        if (rule instanceof Rule.TextMatch match) {
            if (!(value instanceof String text)) {
                return false;
            }
            String haystack = CaseMapping.lower(text);
            String needle = CaseMapping.lower(match.value());
            return switch (match.match()) {
                case CONTAINS -> haystack.contains(needle);
                case STARTS_WITH -> haystack.startsWith(needle);
                case ENDS_WITH -> haystack.endsWith(needle);
            };
        }
        List<Value> values = RuleChecker.valuesOf(rule);
        if (rule instanceof Rule.InList in) {
            boolean any = values.stream().anyMatch(v -> Integer.valueOf(0).equals(compare(value, v)));
            return in.negated() ? values.stream().allMatch(v -> compare(value, v) != null) && !any : any;
        }
        if (rule instanceof Rule.Between between) {
            Integer low = compare(value, between.low());
            Integer high = compare(value, between.high());
            return low != null && high != null && low >= 0 && high <= 0;
        }
        Rule.Compare compare = (Rule.Compare) rule;
        Integer c = compare(value, compare.value());
        if (c == null) {
            return false;
        }
        return switch (compare.comparison()) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    /** The order of a stored value and a rule value of the same type; null when their types differ. */
    private static Integer compare(Object stored, Value value) {
        if (value instanceof Value.Num num) {
            if (stored instanceof Double d) {
                return Double.compare(d, num.value().doubleValue()); // shares and ratios are stored as doubles
            }
            return stored instanceof BigDecimal n ? Integer.signum(n.compareTo(num.value())) : null;
        }
        if (value instanceof Value.Bool bool) {
            return stored instanceof Boolean b ? Integer.signum(Boolean.compare(b, bool.value())) : null;
        }
        String text = ((Value.Text) value).value();
        if (stored instanceof LocalDate date) {
            return Integer.signum(date.compareTo(LocalDate.parse(text)));
        }
        if (stored instanceof Instant instant) {
            Instant other = text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : java.time.OffsetDateTime.parse(text).toInstant();
            return Integer.signum(instant.compareTo(other));
        }
        return stored instanceof String s ? Integer.signum(codePointOrder(s, text)) : null;
    }

    /** Unicode code-point order (String.compareTo orders UTF-16 units, which differs beyond U+FFFF). */
    static int codePointOrder(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static BigDecimal aggregate(Operand.Aggregate a, CustomerFacts facts) {
        Instant since = a.inLastDays() == null ? null : facts.asOf().minus(Duration.ofDays(a.inLastDays()));
        if (a.kind() == Operand.AggregateKind.VISITS) {
            return BigDecimal.valueOf(facts.visits().stream()
                    .filter(v -> !v.startedAt().isAfter(facts.asOf()) && (since == null || v.startedAt().isAfter(since)))
                    .filter(v -> in(a.device(), v.device()) && in(a.source(), v.source()))
                    .filter(v -> a.addedToCart() == null || a.addedToCart() == v.addedToCart())
                    .count());
        }
        Predicate<CustomerFacts.Line> lineMatches = l -> in(a.category(), l.category()) && in(a.sku(), l.sku());
        boolean byLine = a.category() != null || a.sku() != null;
        List<CustomerFacts.Order> orders = facts.orders().stream()
                .filter(o -> !o.cancelled() && !o.orderedAt().isAfter(facts.asOf())
                        && (since == null || o.orderedAt().isAfter(since)))
                .filter(o -> in(a.device(), o.device()) && in(a.source(), o.source()))
                .filter(o -> a.discounted() == null || a.discounted() == o.discounted())
                .filter(o -> !byLine || o.lines().stream().anyMatch(lineMatches))
                .toList();
        return switch (a.kind()) {
            case ORDERS -> BigDecimal.valueOf(orders.size());
            case SPEND -> byLine
                    ? orders.stream().flatMap(o -> o.lines().stream()).filter(lineMatches)
                            .map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()))).reduce(BigDecimal.ZERO, BigDecimal::add)
                    : orders.stream().map(CustomerFacts.Order::total).reduce(BigDecimal.ZERO, BigDecimal::add);
            default -> BigDecimal.valueOf(orders.stream().flatMap(o -> o.lines().stream()).filter(lineMatches)
                    .mapToLong(CustomerFacts.Line::quantity).sum());
        };
    }

    /** A filter of values: absent means any; a missing value matches no filter. */
    private static boolean in(List<Value> filter, String value) {
        return filter == null || (value != null && filter.contains(new Value.Text(value)));
    }

    /** The device or source of the latest order up to asOf (the one recorded last among equals), else of the latest visit. */
    private static String latest(CustomerFacts facts, String what) {
        var order = facts.orders().stream().filter(o -> !o.cancelled() && !o.orderedAt().isAfter(facts.asOf()))
                .max(Comparator.comparing(CustomerFacts.Order::orderedAt).thenComparingLong(CustomerFacts.Order::id));
        if (order.isPresent()) {
            return what.equals("device") ? order.get().device() : order.get().source();
        }
        return facts.visits().stream().filter(v -> !v.startedAt().isAfter(facts.asOf()))
                .max(Comparator.comparing(CustomerFacts.Visit::startedAt).thenComparingLong(CustomerFacts.Visit::id))
                .map(v -> what.equals("device") ? v.device() : v.source()).orElse(null);
    }
}
