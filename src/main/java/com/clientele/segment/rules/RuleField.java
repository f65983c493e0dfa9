package com.clientele.segment.rules;

import com.clientele.rule.Operand;
import com.clientele.rule.RuleFields;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** What a rule builder needs to know of one operand. */
@Description("A field or aggregate a rule can test: its type, the operators that apply, what it means.")
public record RuleField(
        @NonNull @Description("As written in a rule: totalSpend, rfm.recency, attributes.KEY, orders(...).") String name,
        @NonNull Kind kind,
        @NonNull RuleFields.Type type,
        @NonNull String description,
        @Description("What its numbers count: days, orders, money, share (0 to 1), ...") String unit,
        @NonNull List<RuleFields.@NonNull Operator> operators,
        @NonNull @Description("The values of an enumeration or segment key; empty for other fields.") List<@NonNull String> values,
        @NonNull @Description("The filters an aggregate takes.") List<@NonNull String> filters,
        @NonNull @Description("Values found in the data, the most frequent first: for country, city and topCategory, and "
                + "for the category filter of orders, spend and units.") List<@NonNull RuleSuggestion> suggestions,
        @Description("Whether the data holds more values than suggested.") boolean moreValues) {

    public enum Kind { FIELD, ATTRIBUTE, AGGREGATE }

    static RuleField attribute() {
        return new RuleField("attributes.KEY", Kind.ATTRIBUTE, RuleFields.Type.ATTRIBUTE,
                "A free attribute of the customer, typed by its stored value (text, number or flag); a comparison "
                        + "with another type is false for that customer", null,
                List.copyOf(RuleFields.operators(RuleFields.Type.ATTRIBUTE)), List.of(), List.of(), List.of(), false);
    }

    static RuleField aggregate(Operand.AggregateKind kind, RuleSuggestions.Values categories) {
        boolean visits = kind == Operand.AggregateKind.VISITS;
        String description = switch (kind) {
            case ORDERS -> "Orders matching every filter; with a category or sku filter, orders with a matching line";
            case SPEND -> "Sum of matching orders' totals; with a category or sku filter, of the matching lines' amounts";
            case UNITS -> "Sum of the quantities of matching lines of matching orders";
            case VISITS -> "Visits matching every filter";
        };
        RuleFields.Type type = RuleFields.typeOf(kind);
        return new RuleField(kind.word() + "(...)", Kind.AGGREGATE, type, description + ". Never unset: nothing "
                + "matching gives 0.", kind == Operand.AggregateKind.SPEND ? "money" : kind.word(),
                List.copyOf(RuleFields.operators(type)), List.of(),
                visits ? List.of("in last N days", "device", "source", "addedToCart")
                        : List.of("in last N days", "category", "sku", "device", "source", "discounted"),
                visits ? List.of() : categories.values(), !visits && categories.cut());
    }
}
