package com.clientele.segment;

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

/**
 * The rule language (package {@code rule}) set up for this service: its fields with the segment keys of
 * the catalogue, its limits from the settings, and its errors as the API reports them.
 */
@ApplicationScoped
public class RuleLanguage {

    private final RuleFields fields;
    private final RuleParser parser;
    private final RuleInputs inputs;

    public RuleLanguage(ClienteleConfig config) {
        this.fields = new RuleFields(keys(SegmentFamily.LIFECYCLE), keys(SegmentFamily.RFM));
        RuleLimits limits = new RuleLimits(config.rules().maxLength(), config.rules().maxConditions(),
                config.rules().maxDepth());
        this.parser = new RuleParser(fields, key -> SegmentCatalogue.byKey(key).isPresent(), limits);
        this.inputs = new RuleInputs(fields, key -> SegmentCatalogue.byKey(key).isPresent(), limits);
    }

    private static java.util.List<String> keys(SegmentFamily family) {
        return SegmentCatalogue.of(family).stream().map(Enum::name).toList();
    }

    public RuleFields fields() {
        return fields;
    }

    /** The checked tree of a rule text; errors name the argument, the column and what was expected. */
    public Rule parse(String text, String argument) throws BadUserInputException {
        try {
            return parser.parse(text);
        } catch (RuleException e) {
            throw error(e, argument);
        }
    }

    /** The checked tree of a typed rule; errors name the input path under the argument. */
    public Rule tree(RuleInput input, String argument) throws BadUserInputException {
        try {
            return inputs.toTree(input, argument);
        } catch (RuleException e) {
            throw error(e, argument);
        }
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
