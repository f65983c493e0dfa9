package com.clientele.segment.rules;

import com.clientele.common.BadUserInputException;
import com.clientele.common.ClienteleConfig;
import com.clientele.rule.Rule;
import com.clientele.rule.RuleException;
import com.clientele.rule.RuleFields;
import com.clientele.rule.RuleInput;
import com.clientele.rule.RuleInputs;
import com.clientele.rule.RuleLimits;
import com.clientele.rule.RuleParser;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rule language (package {@code rule}) set up for this service: its fields with the built-in keys,
 * its limits from the settings, and its errors as the API reports them. Which segments exist is read by
 * the caller (they change), and checked against here.
 */
@ApplicationScoped
public class RuleLanguage {

    private final RuleFields fields;
    private final RuleLimits limits;

    public RuleLanguage(ClienteleConfig config) {
        this.fields = new RuleFields(BuiltInRules.LIFECYCLE, BuiltInRules.RFM_GROUPS);
        this.limits = new RuleLimits(config.rules().maxLength(), config.rules().maxConditions(), config.rules().maxDepth());
    }

    public RuleFields fields() {
        return fields;
    }

    /** The checked tree of a rule text; errors name the argument, the column and what was expected. */
    public Rule parse(String text, String argument, Set<String> segmentKeys) throws BadUserInputException {
        try {
            return new RuleParser(fields, segmentKeys::contains, limits).parse(text);
        } catch (RuleException e) {
            throw error(e, argument);
        }
    }

    /** The checked tree of a typed rule; errors name the input path under the argument. */
    public Rule tree(RuleInput input, String argument, Set<String> segmentKeys) throws BadUserInputException {
        try {
            return new RuleInputs(fields, segmentKeys::contains, limits).toTree(input, argument);
        } catch (RuleException e) {
            throw error(e, argument);
        }
    }

    /** Exactly one of a typed rule and a rule text, as a checked tree. */
    public Rule either(RuleInput input, String text, String inputArgument, String textArgument, Set<String> segmentKeys)
            throws BadUserInputException {
        if ((input == null) == (text == null)) {
            throw new BadUserInputException(input == null ? textArgument : inputArgument,
                    "give exactly one of " + inputArgument + " and " + textArgument);
        }
        return input != null ? tree(input, inputArgument, segmentKeys) : parse(text, textArgument, segmentKeys);
    }

    private static BadUserInputException error(RuleException e, String argument) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (e.column() != null) {
            extensions.put("column", e.column());
        }
        extensions.put("expected", e.expected());
        return new BadUserInputException(e.column() != null ? argument : e.path(),
                (e.column() != null ? "column " + e.column() + ": " : "") + e.problem(), extensions);
    }
}
