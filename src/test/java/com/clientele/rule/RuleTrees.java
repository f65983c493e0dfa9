package com.clientele.rule;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.math.BigDecimal;
import java.util.List;

/**
 * Random rule trees that type-check against {@link RuleParserTest#FIELDS}: every condition form, every
 * kind of operand, strings with quotes, spaces and any Unicode, exact decimals, nesting of every kind.
 */
final class RuleTrees {

    private RuleTrees() {
    }

    static Arbitrary<Rule> rules(int depth) {
        if (depth == 0) {
            return conditions();
        }
        Arbitrary<Rule> inner = Arbitraries.lazy(() -> rules(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, conditions()),
                net.jqwik.api.Tuple.of(2, inner.list().ofMinSize(2).ofMaxSize(4).map(Rule.And::new)),
                net.jqwik.api.Tuple.of(2, inner.list().ofMinSize(2).ofMaxSize(4).map(Rule.Or::new)),
                net.jqwik.api.Tuple.of(1, inner.map(Rule.Not::new)));
    }

    static Arbitrary<Rule> conditions() {
        return Arbitraries.oneOf(
                Arbitraries.of(RuleParserTest.SEGMENTS).map(Rule.InSegment::new),
                numeric(), strings(), enums(), booleans(), dates(), attributes());
    }

    private static Arbitrary<Operand> numericOperands() {
        return Arbitraries.oneOf(
                Arbitraries.of("totalSpend", "age", "orderCount", "daysSinceLastOrder", "topCategoryShare",
                        "interPurchaseGapCv", "rfm.recency").map(Operand.Field::new),
                aggregates());
    }

    private static Arbitrary<Operand> aggregates() {
        Arbitrary<List<Value>> texts = text().map(Value.Text::new).map(Value.class::cast).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<Value>> devices = Arbitraries.of(RuleFields.DEVICES).map(Value.Text::new).map(Value.class::cast)
                .list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<Value>> sources = Arbitraries.of(RuleFields.SOURCES).map(Value.Text::new).map(Value.class::cast)
                .list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Integer> days = Arbitraries.integers().between(1, RuleChecker.MAX_DAYS).injectNull(0.5);
        return Combinators.combine(Arbitraries.of(Operand.AggregateKind.class), days, texts.injectNull(0.6),
                texts.injectNull(0.7), devices.injectNull(0.6), sources.injectNull(0.6),
                Arbitraries.of(true, false).injectNull(0.6)).as((kind, inLast, category, sku, device, source, flag) ->
                kind == Operand.AggregateKind.VISITS
                        ? new Operand.Aggregate(kind, inLast, null, null, device, source, null, flag)
                        : new Operand.Aggregate(kind, inLast, category, sku, device, source, flag, null));
    }

    private static Arbitrary<Rule> numeric() {
        Arbitrary<Value> number = numbers();
        return Arbitraries.oneOf(
                Combinators.combine(numericOperands(), Arbitraries.of(Rule.Comparison.class), number).as(Rule.Compare::new),
                Combinators.combine(numericOperands(), number, number).as(Rule.Between::new),
                Combinators.combine(numericOperands(), Arbitraries.of(true, false), number.list().ofMinSize(1).ofMaxSize(4))
                        .as(Rule.InList::new),
                Combinators.combine(numericOperands(), Arbitraries.of(true, false)).as(Rule.IsSet::new));
    }

    private static Arbitrary<Rule> strings() {
        Arbitrary<Operand> operand = Arbitraries.of("country", "topCategory", "name", "email").map(Operand.Field::new);
        Arbitrary<Value> value = text().map(Value.Text::new);
        return Arbitraries.oneOf(
                Combinators.combine(operand, Arbitraries.of(Rule.Comparison.class), value).as(Rule.Compare::new),
                Combinators.combine(operand, Arbitraries.of(true, false), value.list().ofMinSize(1).ofMaxSize(4))
                        .as(Rule.InList::new),
                Combinators.combine(operand, Arbitraries.of(Rule.Match.class), text()).as(Rule.TextMatch::new));
    }

    private static Arbitrary<Rule> enums() {
        Arbitrary<Value> kinds = Arbitraries.of("CONSUMER", "BUSINESS").map(Value.Text::new);
        Arbitrary<Value> lifecycles = Arbitraries.of("LOYAL", "NEW", "LOST").map(Value.Text::new);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(Rule.Comparison.EQ, Rule.Comparison.NE), kinds)
                        .as((c, v) -> new Rule.Compare(new Operand.Field("kind"), c, v)),
                Combinators.combine(Arbitraries.of(true, false), lifecycles.list().ofMinSize(1).ofMaxSize(3))
                        .as((negated, values) -> new Rule.InList(new Operand.Field("lifecycle"), negated, values)));
    }

    private static Arbitrary<Rule> booleans() {
        return Combinators.combine(Arbitraries.of("registered", "marketingConsent"),
                Arbitraries.of(Rule.Comparison.EQ, Rule.Comparison.NE), Arbitraries.of(true, false))
                .as((field, c, flag) -> new Rule.Compare(new Operand.Field(field), c, new Value.Bool(flag)));
    }

    private static Arbitrary<Rule> dates() {
        Arbitrary<Value> date = Arbitraries.of("2026-11-01", "1990-02-28", "2000-01-01").map(Value.Text::new);
        Arbitrary<Value> instant = Arbitraries.of("2026-11-01", "2026-11-01T10:15:00Z", "2020-02-29T23:59:59.5+02:00")
                .map(Value.Text::new);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(Rule.Comparison.class), date)
                        .as((c, v) -> new Rule.Compare(new Operand.Field("birthDate"), c, v)),
                Combinators.combine(instant, instant).as((a, b) -> new Rule.Between(new Operand.Field("lastOrderAt"), a, b)));
    }

    private static Arbitrary<Rule> attributes() {
        Arbitrary<Operand> attribute = Arbitraries.of("tier", "loyalty-tier", "a.b_c").map(k -> new Operand.Field("attributes." + k));
        Arbitrary<Value> any = Arbitraries.oneOf(numbers(), text().map(Value.Text::new), Arbitraries.of(true, false).map(Value.Bool::new));
        return Arbitraries.oneOf(
                Combinators.combine(attribute, Arbitraries.of(Rule.Comparison.class), any).as(Rule.Compare::new),
                Combinators.combine(attribute, Arbitraries.of(true, false)).as(Rule.IsSet::new));
    }

    static Arbitrary<Value> numbers() {
        return Arbitraries.bigDecimals().between(new BigDecimal("-1000000"), new BigDecimal("1000000")).ofScale(3)
                .map(Value.Num::new);
    }

    /** Text of any kind a field can hold: quotes, spaces, keywords, Unicode beyond the BMP (no NUL, no lone surrogate). */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).filter(t -> t.indexOf('\u0000') < 0
                        && t.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF)),
                Arbitraries.of("O'Brien", "''", " and ", "50%_off", "inSegment('x')", "🏃‍♀️", "ü", "", " "));
    }
}
