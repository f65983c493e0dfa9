package com.clientele.rule;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** parse(print(tree)) == tree, and printing what was parsed gives the same text, for random trees. */
class RuleRoundTripProperties {

    /** Generated trees may be larger than the default limits allow; the limits have tests of their own. */
    private static final RuleParser PARSER = new RuleParser(RuleParserTest.FIELDS, RuleParserTest.SEGMENTS::contains,
            new RuleLimits(1_000_000, 10_000, 100));

    @Property(tries = 2_000)
    void aPrintedRuleReadsBackAsTheSameTree(@ForAll("rules") Rule rule) throws RuleException {
        String text = RulePrinter.print(rule);
        Rule parsed = PARSER.parse(text);
        assertEquals(rule, parsed, text);
        assertEquals(text, RulePrinter.print(parsed));
    }

    private static final RuleInputs INPUTS = new RuleInputs(RuleParserTest.FIELDS, RuleParserTest.SEGMENTS::contains,
            new RuleLimits(1_000_000, 10_000, 100));

    @Property(tries = 1_000)
    void theTypedFormDescribesTheSameTree(@ForAll("rules") Rule rule) throws RuleException {
        assertEquals(rule, INPUTS.toTree(RuleInputs.toInput(RuleInputs.toNode(rule)), "rule"));
    }

    /** The flat parts, put back together by parent the simple way, are the nested typed form. */
    @Property(tries = 1_000)
    void thePartsInPreOrderRebuildTheTree(@ForAll("rules") Rule rule) {
        List<RulePart> parts = RuleInputs.toParts(rule);
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(i, parts.get(i).id());
            Integer parent = parts.get(i).parentId();
            assertTrue(i == 0 ? parent == null : parent != null && parent < i, "a parent comes before its children");
        }
        assertEquals(RuleInputs.toNode(rule), rebuild(parts, 0));
    }

    private static RuleNode rebuild(List<RulePart> parts, int id) {
        RulePart part = parts.get(id);
        List<RuleNode> children = parts.stream().filter(p -> Integer.valueOf(id).equals(p.parentId()))
                .map(p -> rebuild(parts, p.id())).toList();
        return switch (part.kind()) {
            case AND -> new RuleNode(children, null, null, null, null);
            case OR -> new RuleNode(null, children, null, null, null);
            case NOT -> new RuleNode(null, null, children.get(0), null, null);
            case IN_SEGMENT -> new RuleNode(null, null, null, part.inSegment(), null);
            case CONDITION -> new RuleNode(null, null, null, null, part.condition());
        };
    }

    @Provide
    Arbitrary<Rule> rules() {
        return RuleTrees.rules(3);
    }

    /** Whatever the text, the answer is a rule or a rule error with a column inside the text, nothing else. */
    @Property(tries = 5_000)
    void anyTextIsARuleOrAnErrorAtAColumnOfIt(@ForAll("texts") String text) {
        try {
            RuleParserTest.PARSER.parse(text);
        } catch (RuleException e) {
            int end = text.codePointCount(0, text.length()) + 1;
            org.junit.jupiter.api.Assertions.assertTrue(e.column() >= 1 && e.column() <= Math.max(end,
                    RuleLimits.DEFAULT.maxLength() + 1), e.getMessage());
            org.junit.jupiter.api.Assertions.assertFalse(e.problem().isBlank());
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> token = net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.of("and", "or", "not", "in", "between", "contains", "starts", "with", "ends",
                        "is", "set", "true", "false", "(", ")", ",", "=", "!=", "<", "<=", ">", ">=", "'", "''", "-",
                        ".", "inSegment", "orders", "spend(", "visits(", "last", "days", "totalSpend", "age",
                        "attributes.", "attributes.x", "rfm.", "'NL'", "1.5", "-3", "1e9", "\u0000", "'; drop table x; --",
                        "%", "_", "🏃", "\ud800", "\t", "\n"),
                net.jqwik.api.Arbitraries.strings().ofMaxLength(6),
                net.jqwik.api.Arbitraries.integers().between(0, 40_000).map(n -> "'" + "x".repeat(n) + "'"),
                net.jqwik.api.Arbitraries.integers().between(0, 200).map(n -> "(".repeat(n) + "age > 1" + ")".repeat(n)));
        return token.list().ofMaxSize(40).map(tokens -> String.join(" ", tokens));
    }
}
