package com.clientele.rule;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.util.List;

/** The tree of a rule as the API shows it: the same shape as {@link RuleInput}. */
@Name("RuleNode")
@Description("A rule node: exactly one of and, or, not, inSegment and condition is set.")
public record RuleNode(List<@NonNull RuleNode> and, List<@NonNull RuleNode> or, RuleNode not, String inSegment,
                       Condition condition) {

    @Name("RuleCondition")
    public record Condition(String field, Aggregate aggregate, @NonNull RuleFields.Operator operator,
                            @NonNull List<@NonNull Literal> values) {
    }

    @Name("RuleAggregate")
    public record Aggregate(@NonNull Operand.AggregateKind kind, Integer inLastDays, List<@NonNull String> category,
                            List<@NonNull String> sku, List<@NonNull String> device, List<@NonNull String> source,
                            Boolean discounted, Boolean addedToCart) {
    }

    @Name("RuleValue")
    @Description("Exactly one of text, number and flag is set.")
    public record Literal(String text, BigDecimal number, Boolean flag) {
    }
}
