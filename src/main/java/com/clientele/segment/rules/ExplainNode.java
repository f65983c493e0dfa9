package com.clientele.segment.rules;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

@Name("ExplainNode")
@Description("One node of a rule and its outcome for the customer.")
public record ExplainNode(
        @Description("Position in the rule's pre-order, from 0 (the root).") int id,
        @Description("The id of the enclosing node; null for the root.") Integer parentId,
        @NonNull Kind kind,
        @Description("This node's canonical text.") @NonNull String text,
        @Description("Whether it holds for the customer.") boolean matched,
        @Description("For a condition: the customer's value of its field or aggregate, as text (numbers exact, instants "
                + "ISO-8601); null when unset, which makes every condition but 'is not set' false.") String value,
        @Description("The enclosed nodes, in rule order.") @NonNull List<@NonNull ExplainNode> children) {

    @Name("ExplainNodeKind")
    public enum Kind { AND, OR, NOT, CONDITION, IN_SEGMENT }
}
