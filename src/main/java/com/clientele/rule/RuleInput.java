package com.clientele.rule;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import java.util.List;

/** The typed form of a rule, for rule builders: the same trees as the text form. */
@Input("RuleInput")
@Description("A rule node: exactly one of and, or, not, inSegment and condition.")
public class RuleInput {
    @Description("At least two rules that must all hold.")
    public List<RuleInput> and;
    @Description("At least two rules of which one must hold.")
    public List<RuleInput> or;
    @Description("A rule that must not hold.")
    public RuleInput not;
    @Description("The key of a segment the customer must be in.")
    public String inSegment;
    public RuleConditionInput condition;

    /** A condition: an operand, an operator and its values. */
    @Input("RuleConditionInput")
    @Description("Exactly one of field and aggregate; values: one for comparisons and text matches, two for BETWEEN, "
            + "one or more for IN and NOT_IN, none for IS_SET and IS_NOT_SET.")
    public static class RuleConditionInput {
        @Description("A field of ruleFields, e.g. totalSpend, rfm.recency, attributes.tier.")
        public String field;
        public RuleAggregateInput aggregate;
        public RuleFields.Operator operator;
        public List<RuleValueInput> values;
    }

    /** orders(...), spend(...), units(...) or visits(...) with optional filters. */
    @Input("RuleAggregateInput")
    public static class RuleAggregateInput {
        public Operand.AggregateKind kind;
        @Description("Only what happened in the last N days (1 to 36500).")
        public Integer inLastDays;
        public List<String> category;
        public List<String> sku;
        public List<String> device;
        public List<String> source;
        public Boolean discounted;
        public Boolean addedToCart;
    }

    @Input("RuleValueInput")
    @Description("Exactly one of text, number and flag.")
    public static class RuleValueInput {
        public String text;
        public java.math.BigDecimal number;
        public Boolean flag;
    }
}
