package com.clientele.segment.rules;

import com.clientele.common.ApiException;
import com.clientele.segment.SegmentCatalogue;
import com.clientele.rule.Operand;
import com.clientele.rule.Rule;
import com.clientele.rule.RuleFields;
import com.clientele.rule.RuleInput;
import com.clientele.rule.RuleInputs;
import com.clientele.rule.RuleNode;
import com.clientele.rule.RulePart;
import com.clientele.rule.RulePrinter;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.util.ArrayList;
import java.util.List;

/** The rule builder's side of the API: checking rules in either form, and what rules can use. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class RuleApi {

    private final RuleLanguage language;
    private final SegmentCatalogue catalogue;
    private final RuleSuggestions suggestions;

    public RuleApi(RuleLanguage language, SegmentCatalogue catalogue, RuleSuggestions suggestions) {
        this.language = language;
        this.catalogue = catalogue;
        this.suggestions = suggestions;
    }

    @Query
    @Description("Checks a rule: its canonical text and tree, or a BAD_USER_INPUT error naming the column "
            + "(extensions.column) and what would have been accepted there (extensions.expected).")
    public @NonNull Uni<ParsedRule> parseRule(@NonNull String text) {
        return catalogue.keys().chain(keys -> ApiException.uni(() -> ParsedRule.of(language.parse(text, "text", keys))));
    }

    @Query
    @Description("Checks a typed rule: its canonical text and tree, or a BAD_USER_INPUT error naming the input path.")
    public @NonNull Uni<ParsedRule> printRule(@NonNull RuleInput rule) {
        return catalogue.keys().chain(keys -> ApiException.uni(() -> ParsedRule.of(language.tree(rule, "rule", keys))));
    }

    @Query
    @Description("The rule builder's metadata: every field and aggregate, its type, operators, description and "
            + "unit, the values of enumerations and segment keys, and suggested values from the data for string fields "
            + "with few distinct values (counted at most every clientele.segments.suggestions-max-age).")
    public @NonNull Uni<List<@NonNull RuleField>> ruleFields() {
        return suggestions.current().map(found -> {
            List<RuleField> fields = new ArrayList<>();
            for (RuleFields.Field field : language.fields().all()) {
                RuleSuggestions.Values values = found.getOrDefault(field.name(), RuleSuggestions.Values.NONE);
                fields.add(new RuleField(field.name(), RuleField.Kind.FIELD, field.type(), field.description(),
                        field.unit(), List.copyOf(field.operators()), field.values(), List.of(), values.values(),
                        values.cut()));
            }
            fields.add(RuleField.attribute());
            for (Operand.AggregateKind kind : Operand.AggregateKind.values()) {
                fields.add(RuleField.aggregate(kind, found.getOrDefault(RuleSuggestions.CATEGORY, RuleSuggestions.Values.NONE)));
            }
            return fields;
        });
    }

    /** A rule in both forms. */
    @Name("Rule")
    public record ParsedRule(@NonNull String text, @NonNull RuleNode tree,
                             @NonNull @Description("The tree's nodes in pre-order, for clients that rebuild a tree of "
                                     + "any depth (a selection of `tree` reaches only as deep as it is written).")
                             List<@NonNull RulePart> nodes) {
        static ParsedRule of(Rule rule) {
            return new ParsedRule(RulePrinter.print(rule), RuleInputs.toNode(rule), RuleInputs.toParts(rule));
        }
    }
}
