package com.clientele.segment.rules;

import com.clientele.common.BadUserInputException;
import com.clientele.rule.RuleInput;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** What a rule would select, and why a customer is or is not selected: for marketing and admin. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class SegmentInsightApi {

    private final PreviewService previews;
    private final ExplainService explanations;

    public SegmentInsightApi(PreviewService previews, ExplainService explanations) {
        this.previews = previews;
        this.explanations = explanations;
    }

    @Query
    @Description("Count and sample of the customers an unsaved rule selects (exactly one of rule and ruleText), at the "
            + "engine's current instant, exactly as a saved segment would. Read-only; a rule that runs longer than "
            + "clientele.segments.preview-timeout (5 s) ends in UNAVAILABLE with reason TIMEOUT. sample: 0 to 100.")
    public @NonNull Uni<SegmentPreview> previewSegment(RuleInput rule, String ruleText, @DefaultValue("10") int sample)
            throws BadUserInputException {
        return previews.preview(rule, ruleText, sample);
    }

    @Query
    @Description("Why a customer is or is not in a segment (built-in or custom: key), or selected by an unsaved rule "
            + "(rule or ruleText): every node of the rule with its outcome and, for a condition, the customer's value.")
    public @NonNull Uni<Explanation> explainSegment(@NonNull String customerExternalId, String key, RuleInput rule,
                                                    String ruleText) throws BadUserInputException {
        return explanations.explain(customerExternalId, key, rule, ruleText);
    }
}
