package com.clientele.rule;

import com.clientele.rule.RuleFields.Type;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiles a rule into one SQL predicate over {@code customer c} left-joined to {@code customer_metrics
 * cm}, with two bind parameters: {@code $1}, the evaluation instant ({@code timestamptz}), and {@code $2},
 * every value of the rule as a {@code text[]} (each use reads its element, an IN list its slice). Field
 * SQL comes only from {@link RuleFields} and the aggregates' fixed fragments here: no text a user typed
 * reaches the SQL, so the predicate can be stored and run again (custom segments) with new instants.
 * Every condition yields true or false, never null (two-valued logic: a condition on an unset value is
 * false), so {@code not} is plain negation.
 */
public final class RuleSql {

    private static final String AS_OF = "$1::timestamptz";

    /**
     * Starts a statement around a predicate: it names the types of $1 and $2, which PostgreSQL cannot infer
     * when the rule happens not to use them.
     */
    public static final String ARGUMENTS = "with rule_arguments as (select $1::timestamptz, $2::text[]) ";

    /** The predicate and the values it reads from {@code $2}. */
    public record Compiled(String predicate, List<String> parameters) {
    }

    private final RuleFields fields;

    public RuleSql(RuleFields fields) {
        this.fields = fields;
    }

    public Compiled compile(Rule rule) {
        Writer writer = new Writer();
        String predicate = writer.rule(rule);
        return new Compiled(predicate, List.copyOf(writer.parameters));
    }

    private final class Writer {
        final List<String> parameters = new ArrayList<>();
        String caseFrom;
        String caseTo;

        /** One value, as text, cast to its type. */
        String parameter(String value, String cast) {
            parameters.add(value);
            return "($2::text[])[" + parameters.size() + "]::" + cast;
        }

        /** Several values (at least one): the slice of $2 that holds them, as an array of the type. */
        String parameters(List<String> values, String cast) {
            int first = parameters.size() + 1;
            parameters.addAll(values);
            return "($2::text[])[" + first + ":" + parameters.size() + "]::" + cast + "[]";
        }

        String rule(Rule rule) {
            if (rule instanceof Rule.And and) {
                return and.operands().stream().map(this::rule).collect(Collectors.joining(" and ", "(", ")"));
            }
            if (rule instanceof Rule.Or or) {
                return or.operands().stream().map(this::rule).collect(Collectors.joining(" or ", "(", ")"));
            }
            if (rule instanceof Rule.Not not) {
                return "(not " + rule(not.operand()) + ")";
            }
            if (rule instanceof Rule.InSegment in) {
                return "exists (select 1 from segment_membership m where m.customer_id = c.id and m.segment_key = "
                        + parameter(in.key(), "text") + ")";
            }
            Operand operand = RuleInputs.operandOf(rule);
            if (operand instanceof Operand.Field field && field.isAttribute()) {
                return "coalesce(" + attribute(field.attributeKey(), rule) + ", false)";
            }
            Type type = operand instanceof Operand.Field field ? fields.field(field.name()).orElseThrow().type()
                    : RuleFields.typeOf(((Operand.Aggregate) operand).kind());
            return "coalesce(" + condition(rule, operand(operand), type) + ", false)";
        }

        /** A condition on an operand of a known type. */
        private String condition(Rule rule, String x, Type type) {
            String ordered = type.isText() ? "(" + x + ") collate \"C\"" : x;
            if (rule instanceof Rule.Compare compare) {
                return ordered + " " + compare.comparison().symbol + " " + value(compare.value(), type);
            }
            if (rule instanceof Rule.Between between) {
                return ordered + " between " + value(between.low(), type) + " and " + value(between.high(), type);
            }
            if (rule instanceof Rule.InList in) {
                String list = parameters(in.values().stream().map(v -> bound(v, type)).toList(), cast(type));
                return in.negated() ? x + " <> all(" + list + ")" : x + " = any(" + list + ")";
            }
            if (rule instanceof Rule.TextMatch match) {
                return match(x, match);
            }
            boolean negated = ((Rule.IsSet) rule).negated();
            return x + (negated ? " is null" : " is not null");
        }

        /** contains / starts with / ends with: Java's per-character lower-case mapping on both sides, literally. */
        private String match(String x, Rule.TextMatch match) {
            if (caseFrom == null) {
                caseFrom = parameter(CaseMapping.FROM, "text");
                caseTo = parameter(CaseMapping.TO, "text");
            }
            String lowered = "translate(" + x + ", " + caseFrom + ", " + caseTo + ")";
            String needle = parameter(CaseMapping.lower(match.value()), "text");
            return switch (match.match()) {
                case CONTAINS -> "strpos(" + lowered + ", " + needle + ") > 0";
                case STARTS_WITH -> "left(" + lowered + ", length(" + needle + ")) = " + needle;
                case ENDS_WITH -> "right(" + lowered + ", length(" + needle + ")) = " + needle;
            };
        }

        /** A free attribute: a condition holds only where the stored value has the type of the rule's values. */
        private String attribute(String key, Rule rule) {
            List<Value> values = RuleChecker.valuesOf(rule);
            Class<?> kind = values.isEmpty() ? null : values.get(0).getClass();
            boolean anyOfEachType = rule instanceof Rule.InList in && !in.negated();
            if (!anyOfEachType && values.stream().anyMatch(v -> v.getClass() != kind)) {
                return "false"; // between bounds, or not-in values, of different types: never the stored type of all
            }
            String k = parameter(key, "text");
            if (rule instanceof Rule.IsSet isSet) {
                return (isSet.negated() ? "not " : "") + "(c.attributes ? " + k + ")";
            }
            String json = "c.attributes -> " + k;
            if (rule instanceof Rule.TextMatch match) {
                return "(jsonb_typeof(" + json + ") = 'string' and " + match("c.attributes ->> " + k, match) + ")";
            }
            if (rule instanceof Rule.InList in && !in.negated()) {
                // equal to one of the values of the stored value's type
                List<String> byType = new ArrayList<>();
                for (Class<?> type : values.stream().map(Value::getClass).distinct().toList()) {
                    List<Value> same = values.stream().filter(type::isInstance).toList();
                    byType.add("(jsonb_typeof(" + json + ") = '" + jsonType(same.get(0)) + "' and "
                            + condition(new Rule.InList(in.operand(), false, same), typed(k, type), typeOf(same.get(0))) + ")");
                }
                return "(" + String.join(" or ", byType) + ")";
            }
            Type type = typeOf(values.get(0));
            return "(jsonb_typeof(" + json + ") = '" + jsonType(values.get(0)) + "' and "
                    + condition(rule, typed(k, kind), type) + ")";
        }

        private String typed(String key, Class<?> kind) {
            String text = "(c.attributes ->> " + key + ")";
            if (kind == Value.Num.class) {
                return text + "::numeric";
            }
            return kind == Value.Bool.class ? text + "::boolean" : text;
        }

        private String operand(Operand operand) {
            if (operand instanceof Operand.Field field) {
                return fields.field(field.name()).orElseThrow().sql().replace("{asOf}", AS_OF);
            }
            return aggregate((Operand.Aggregate) operand);
        }

        private String aggregate(Operand.Aggregate a) {
            if (a.kind() == Operand.AggregateKind.VISITS) {
                StringBuilder where = new StringBuilder("v.customer_id = c.id and v.started_at <= " + AS_OF);
                if (a.inLastDays() != null) {
                    where.append(" and v.started_at > ").append(AS_OF).append(" - ")
                            .append(parameter(String.valueOf(a.inLastDays()), "int")).append(" * interval '86400 seconds'");
                }
                in(where, "v.device", a.device());
                in(where, "v.source", a.source());
                if (a.addedToCart() != null) {
                    where.append(" and v.added_to_cart = ").append(parameter(String.valueOf(a.addedToCart()), "boolean"));
                }
                return "(select count(*) from visit v where " + where + ")";
            }
            StringBuilder orders = new StringBuilder("p.customer_id = c.id and p.cancelled_at is null and p.ordered_at <= "
                    + AS_OF);
            if (a.inLastDays() != null) {
                orders.append(" and p.ordered_at > ").append(AS_OF).append(" - ")
                        .append(parameter(String.valueOf(a.inLastDays()), "int")).append(" * interval '86400 seconds'");
            }
            in(orders, "p.device", a.device());
            in(orders, "p.source", a.source());
            if (a.discounted() != null) {
                orders.append(" and (p.discount > 0 or p.coupon_code is not null or p.any_promotion) = ")
                        .append(parameter(String.valueOf(a.discounted()), "boolean"));
            }
            StringBuilder lines = new StringBuilder();
            in(lines, "l.category", a.category());
            in(lines, "l.sku", a.sku());
            boolean byLine = lines.length() > 0;
            return switch (a.kind()) {
                case ORDERS -> "(select count(*) from purchase p where " + orders + (byLine
                        ? " and exists (select 1 from purchase_line l where l.purchase_id = p.id" + lines + ")" : "") + ")";
                case SPEND -> byLine
                        ? "(select coalesce(sum(l.quantity * l.unit_price), 0) from purchase p join purchase_line l "
                        + "on l.purchase_id = p.id where " + orders + lines + ")"
                        : "(select coalesce(sum(p.total), 0) from purchase p where " + orders + ")";
                default -> "(select coalesce(sum(l.quantity), 0) from purchase p join purchase_line l "
                        + "on l.purchase_id = p.id where " + orders + lines + ")";
            };
        }

        private void in(StringBuilder where, String column, List<Value> values) {
            if (values != null) {
                where.append(" and ").append(column).append(" = any(")
                        .append(parameters(values.stream().map(v -> ((Value.Text) v).value()).toList(), "text"))
                        .append(")");
            }
        }

        /** A value as a typed bind parameter. */
        private String value(Value value, Type type) {
            return parameter(bound(value, type), cast(type));
        }
    }

    /** The text of a value as PostgreSQL reads it for the operand's type. */
    private static String bound(Value value, Type type) {
        if (value instanceof Value.Num num) {
            return num.value().toPlainString();
        }
        if (value instanceof Value.Bool bool) {
            return String.valueOf(bool.value());
        }
        String text = ((Value.Text) value).value();
        if (type == Type.INSTANT && text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC).toString(); // a date: midnight UTC
        }
        return text;
    }

    private static String cast(Type type) {
        return switch (type) {
            case INTEGER, MONEY -> "numeric";
            case NUMBER, SHARE -> "float8";
            case DATE -> "date";
            case INSTANT -> "timestamptz";
            case BOOLEAN -> "boolean";
            default -> "text";
        };
    }

    private static Type typeOf(Value value) {
        if (value instanceof Value.Num) {
            return Type.MONEY;
        }
        return value instanceof Value.Bool ? Type.BOOLEAN : Type.STRING;
    }

    private static String jsonType(Value value) {
        if (value instanceof Value.Num) {
            return "number";
        }
        return value instanceof Value.Bool ? "boolean" : "string";
    }
}
