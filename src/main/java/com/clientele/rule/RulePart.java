package com.clientele.rule;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * One node of a rule's tree, flat: a rule's parts in pre-order rebuild the tree at any depth, where the
 * nested {@link RuleNode} needs a selection spelled out to the depth of the rule (up to 20 levels, beyond
 * the request depth limit). The same idea as {@code Explanation.nodes}.
 */
@Name("RulePart")
@Description("One node of the rule's tree: `id` is its pre-order position from 0, `parentId` its parent's (null "
        + "for the root). An AND or OR has two or more children, a NOT one; `inSegment` is set for IN_SEGMENT and "
        + "`condition` for CONDITION.")
public record RulePart(int id, Integer parentId, @NonNull Kind kind, String inSegment, RuleNode.Condition condition) {

    @Name("RulePartKind")
    public enum Kind { AND, OR, NOT, IN_SEGMENT, CONDITION }
}
