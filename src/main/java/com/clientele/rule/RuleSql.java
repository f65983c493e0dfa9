package com.clientele.rule;

import com.clientele.rule.RuleFields.Type;

import java.math.BigDecimal;
import java.math.RoundingMode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compiles a rule into one SQL predicate over {@code customer_metrics cm} (which holds, next to the
 * metrics, a copy of the customer fields rules read most) and, only when the rule reads personal fields,
 * the external id or attributes, {@code customer c}: {@link Compiled#from()} names the tables. Three bind
 * parameters: {@code $1}, the evaluation instant ({@code timestamptz}); {@code $2}, every value of the
 * rule as a {@code text[]} (each use reads its element, an IN list its slice); {@code $3}, the customers
 * to consider ({@code bigint[]}, null for everyone), which aggregates use to read only their purchases
 * and visits. Field SQL comes only from {@link RuleFields} and the aggregates' fixed fragments here: no
 * text a user typed reaches the SQL, so the predicate can be stored and run again (custom segments).
 * <p>
 * Every condition yields true or false, never null (two-valued logic: a condition on an unset value is
 * false), so {@code not} is plain negation. An aggregate condition is a set test against the customers
 * whose grouped aggregate passes it, one pass over purchases or visits for everyone (hashed), index
 * lookups for a few: {@code cm.customer_id in (select ... group by ... having ...)}, or {@code not in}
 * the customers failing it when nothing matching (0) passes.
 */
public final class RuleSql {

    private static final String AS_OF = "$1::timestamptz";
    private static final String CUSTOMERS = "$3::bigint[]";

    /**
     * Starts a statement around a predicate: it names the types of $1, $2 and $3, which PostgreSQL cannot
     * infer when the rule happens not to use them.
     */
    public static final String ARGUMENTS = "with rule_arguments as (select $1::timestamptz, $2::text[], $3::bigint[]) ";

    /**
     * A compiled rule: its predicate, the values it binds in $2, whether it reads {@code customer c} besides the
     * metrics, whether it aggregates purchases or visits (a set built once per statement, the costly part), and
     * what makes its answer move with time alone ({@code clock}, sorted: {@code orders:N} and {@code visits:N}
     * for windows of N days, {@code daysSinceLastOrder:N} and the like for day counts reaching N, {@code age}),
     * for the engine's next-change instants.
     */
    public record Compiled(String predicate, List<String> parameters, boolean readsCustomer, boolean readsActivity,
                           List<String> clock) {

        /** The tables the predicate reads, for a {@code from} clause. */
        public String from() {
            return from(readsCustomer);
        }

        public static String from(boolean readsCustomer) {
            return "customer_metrics cm" + (readsCustomer ? " join customer c on c.id = cm.customer_id" : "");
        }
    }

    /** Day counts beyond this (about 270 years) are never reached: no instant is scheduled for them. */
    private static final BigDecimal MAX_DAY_COUNT = BigDecimal.valueOf(100_000);

    private final RuleFields fields;

    public RuleSql(RuleFields fields) {
        this.fields = fields;
    }

    public Compiled compile(Rule rule) {
        Writer writer = new Writer();
        String predicate = writer.rule(rule);
        return new Compiled(predicate, List.copyOf(writer.parameters), writer.readsCustomer, writer.readsActivity,
                List.copyOf(writer.clock));
    }

    private final class Writer {
        final List<String> parameters = new ArrayList<>();
        boolean readsCustomer;
        boolean readsActivity;
        final SortedSet<String> clock = new TreeSet<>();
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
                return "exists (select 1 from segment_membership m where m.customer_id = cm.customer_id and m.segment_key = "
                        + parameter(in.key(), "text") + ")";
            }
            Operand operand = RuleInputs.operandOf(rule);
            if (operand instanceof Operand.Aggregate aggregate) {
                return aggregate(aggregate, rule);
            }
            Operand.Field field = (Operand.Field) operand;
            if (field.isAttribute()) {
                readsCustomer = true;
                return "coalesce(" + attribute(field.attributeKey(), rule) + ", false)";
            }
            RuleFields.Field known = fields.field(field.name()).orElseThrow();
            readsCustomer |= known.readsCustomer();
            if (field.name().startsWith("daysSince")) {
                dayCounts(field.name(), rule);
            } else if (known.sql().contains("{asOf}")) {
                clock.add(field.name()); // age: a birthday
            }
            return "coalesce(" + condition(rule, known.sql().replace("{asOf}", AS_OF), known.type()) + ", false)";
        }

        /**
         * The whole-day counts at which a condition on a day count may change its answer as time passes: for each
         * compared value n, where the count reaches floor(n) and floor(n) + 1 ({@code daysSinceLastOrder:20}).
         * A test of whether it is set does not move with time.
         */
        private void dayCounts(String field, Rule rule) {
            List<Value> values = rule instanceof Rule.Compare c ? List.of(c.value())
                    : rule instanceof Rule.Between b ? List.of(b.low(), b.high())
                    : rule instanceof Rule.InList in ? in.values() : List.of();
            for (Value value : values) {
                if (value instanceof Value.Num n && n.value().signum() >= 0 && n.value().compareTo(MAX_DAY_COUNT) <= 0) {
                    long day = n.value().setScale(0, RoundingMode.FLOOR).longValue();
                    clock.add(field + ":" + day);
                    clock.add(field + ":" + (day + 1));
                }
            }
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
            // translate() looks each character up in a list of ~1,400: only for text beyond ASCII, where lower()
            // under "C" (ASCII only, the same as Java's mapping there) would not do
            String lowered = "(case when octet_length(" + x + ") = length(" + x + ") then lower((" + x + ") collate \"C\") "
                    + "else translate(" + x + ", " + caseFrom + ", " + caseTo + ") end)";
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

        /**
         * An aggregate condition as a set test: the customers whose matching purchases (or visits), grouped,
         * pass the condition; or, when 0 passes it (customers with nothing matching), everyone but those whose
         * group fails it. Exact either way, since a customer without a group has the aggregate 0.
         */
        private String aggregate(Operand.Aggregate a, Rule rule) {
            readsActivity = true;
            Type type = RuleFields.typeOf(a.kind());
            String value;
            String source;
            StringBuilder where = new StringBuilder();
            if (a.kind() == Operand.AggregateKind.VISITS) {
                source = "visit v";
                where.append("(").append(CUSTOMERS).append(" is null or v.customer_id = any(").append(CUSTOMERS)
                        .append(")) and v.started_at <= ").append(AS_OF);
                if (a.inLastDays() != null) {
                    clock.add("visits:" + a.inLastDays());
                    where.append(" and v.started_at > ").append(AS_OF).append(" - ")
                            .append(parameter(String.valueOf(a.inLastDays()), "int")).append(" * interval '86400 seconds'");
                }
                in(where, "v.device", a.device());
                in(where, "v.source", a.source());
                if (a.addedToCart() != null) {
                    where.append(" and v.added_to_cart = ").append(parameter(String.valueOf(a.addedToCart()), "boolean"));
                }
                value = "count(*)";
                String group = "select v.customer_id from " + source + " where " + where + " group by v.customer_id having ";
                return setTest(group, value, rule, type);
            }
            where.append("(").append(CUSTOMERS).append(" is null or p.customer_id = any(").append(CUSTOMERS)
                    .append(")) and p.cancelled_at is null and p.ordered_at <= ").append(AS_OF);
            if (a.inLastDays() != null) {
                clock.add("orders:" + a.inLastDays());
                where.append(" and p.ordered_at > ").append(AS_OF).append(" - ")
                        .append(parameter(String.valueOf(a.inLastDays()), "int")).append(" * interval '86400 seconds'");
            }
            in(where, "p.device", a.device());
            in(where, "p.source", a.source());
            if (a.discounted() != null) {
                where.append(" and (p.discount > 0 or p.coupon_code is not null or p.any_promotion) = ")
                        .append(parameter(String.valueOf(a.discounted()), "boolean"));
            }
            StringBuilder lines = new StringBuilder();
            in(lines, "l.category", a.category());
            in(lines, "l.sku", a.sku());
            boolean byLine = lines.length() > 0;
            switch (a.kind()) {
                case ORDERS -> {
                    source = "purchase p";
                    if (byLine) { // an order matches when one of its lines does
                        where.append(" and exists (select 1 from purchase_line l where l.purchase_id = p.id").append(lines)
                                .append(")");
                    }
                    value = "count(*)";
                }
                case SPEND -> {
                    source = byLine ? "purchase p join purchase_line l on l.purchase_id = p.id" : "purchase p";
                    where.append(lines);
                    value = byLine ? "sum(l.quantity * l.unit_price)" : "sum(p.total)";
                }
                default -> {
                    source = "purchase p join purchase_line l on l.purchase_id = p.id";
                    where.append(lines);
                    value = "sum(l.quantity)";
                }
            }
            String group = "select p.customer_id from " + source + " where " + where + " group by p.customer_id having ";
            return setTest(group, value, rule, type);
        }

        private String setTest(String group, String value, Rule rule, Type type) {
            if (rule instanceof Rule.IsSet isSet) {
                return isSet.negated() ? "false" : "true"; // an aggregate is never unset
            }
            boolean zeroPasses = passesAtZero(rule);
            String test = condition(rule, value, type);
            return zeroPasses
                    ? "cm.customer_id not in (" + group + "not (" + test + "))"
                    : "cm.customer_id in (" + group + test + ")";
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

    /** Whether an aggregate of 0 (nothing matching) passes the condition; its values are numbers (checked). */
    static boolean passesAtZero(Rule rule) {
        if (rule instanceof Rule.Compare compare) {
            int c = BigDecimal.ZERO.compareTo(((Value.Num) compare.value()).value());
            return switch (compare.comparison()) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
        if (rule instanceof Rule.Between between) {
            return BigDecimal.ZERO.compareTo(((Value.Num) between.low()).value()) >= 0
                    && BigDecimal.ZERO.compareTo(((Value.Num) between.high()).value()) <= 0;
        }
        Rule.InList in = (Rule.InList) rule;
        boolean listed = in.values().stream().anyMatch(v -> ((Value.Num) v).value().signum() == 0);
        return in.negated() != listed;
    }
}
