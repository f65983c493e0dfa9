package com.clientele.rule;

import com.clientele.rule.RuleInput.RuleConditionInput;
import com.clientele.rule.RuleInput.RuleValueInput;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed form: the same checks as the text, errors named by input path. */
class RuleInputsTest {

    private static final RuleInputs INPUTS = new RuleInputs(RuleParserTest.FIELDS, RuleParserTest.SEGMENTS::contains,
            RuleLimits.DEFAULT);

    private static RuleInput condition(String field, RuleFields.Operator operator, RuleValueInput... values) {
        RuleInput node = new RuleInput();
        node.condition = new RuleConditionInput();
        node.condition.field = field;
        node.condition.operator = operator;
        node.condition.values = List.of(values);
        return node;
    }

    private static RuleValueInput number(String n) {
        RuleValueInput v = new RuleValueInput();
        v.number = new BigDecimal(n);
        return v;
    }

    private static RuleValueInput text(String t) {
        RuleValueInput v = new RuleValueInput();
        v.text = t;
        return v;
    }

    private static RuleInput segment(String key) {
        RuleInput node = new RuleInput();
        node.inSegment = key;
        return node;
    }

    @Test
    void anInputReadsAsTheTreeOfTheSameText() throws RuleException {
        RuleInput or = new RuleInput();
        or.or = List.of(segment("LOYAL"), condition("totalSpend", RuleFields.Operator.GT, number("500.00")));
        RuleInput not = new RuleInput();
        not.not = condition("country", RuleFields.Operator.IN, text("NL"), text("BE"));
        RuleInput and = new RuleInput();
        and.and = List.of(or, not);
        assertEquals(RuleParserTest.parse("(inSegment('LOYAL') or totalSpend > 500) and not country in ('BE', 'NL')"),
                INPUTS.toTree(and, "rule"));
    }

    @Test
    void errorsNameTheInputPath() {
        RuleInput lonely = new RuleInput();
        lonely.and = List.of(segment("LOYAL"));
        assertError(lonely, "rule.and", "holds at least two rules");

        assertError(condition("totalSpnd", RuleFields.Operator.GT, number("5")), "rule.condition.field",
                "no field is called this; did you mean totalSpend");
        assertError(condition("age", RuleFields.Operator.BETWEEN, number("1")), "rule.condition.values",
                "between takes 2 values");
        RuleInput or = new RuleInput();
        or.or = List.of(segment("LOYAL"), condition("kind", RuleFields.Operator.EQ, text("PERSON")));
        assertError(or, "rule.or[1].condition.values[0]", "enum kind takes one of");
        RuleValueInput both = text("x");
        both.flag = true;
        assertError(condition("name", RuleFields.Operator.EQ, both), "rule.condition.values[0]", "set exactly one of");
        assertError(segment("NOPE"), "rule.inSegment", "there is no segment");
        assertError(new RuleInput(), "rule", "set exactly one of and, or, not, inSegment and condition");
        assertError(condition("name", RuleFields.Operator.CONTAINS, number("1")), "rule.condition.values[0]",
                "contains takes a string");
    }

    private static void assertError(RuleInput input, String path, String message) {
        RuleException error = assertThrows(RuleException.class, () -> INPUTS.toTree(input, "rule"));
        assertEquals(path, error.path(), error.getMessage());
        assertNull(error.column());
        assertTrue(error.problem().startsWith(message), error.getMessage());
    }
}
