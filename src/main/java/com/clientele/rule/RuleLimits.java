package com.clientele.rule;

/**
 * How large a rule may be.
 *
 * @param maxLength     characters of the rule text (4,000 by default)
 * @param maxConditions conditions, {@code inSegment} included (100)
 * @param maxDepth      nesting of {@code not} and parentheses (20)
 */
public record RuleLimits(int maxLength, int maxConditions, int maxDepth) {

    public static final RuleLimits DEFAULT = new RuleLimits(4_000, 100, 20);
}
