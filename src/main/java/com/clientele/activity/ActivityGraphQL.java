package com.clientele.activity;

import com.clientele.common.BadUserInputException;
import com.clientele.common.PageRequest;
import com.clientele.customer.CustomerNode;
import com.clientele.segment.SegmentMaintenance;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import java.util.List;

@GraphQLApi
public class ActivityGraphQL {

    private final ActivityReader reader;
    private final PurchaseIngestService purchases;
    private final VisitIngestService visits;
    private final PurchaseService purchaseService;
    private final SegmentMaintenance segments;

    public ActivityGraphQL(ActivityReader reader, PurchaseIngestService purchases, VisitIngestService visits,
                           PurchaseService purchaseService, SegmentMaintenance segments) {
        this.reader = reader;
        this.purchases = purchases;
        this.visits = visits;
        this.purchaseService = purchaseService;
        this.segments = segments;
    }

    @Mutation
    @Description("All or nothing, at most 1000 per request. Same externalId with different content: CONFLICT error.")
    public @NonNull Uni<List<@NonNull PurchaseNode>> recordPurchases(@NonNull List<@NonNull PurchaseInput> purchases)
            throws BadUserInputException {
        return this.purchases.record(purchases).chain(reader::purchasesByIds);
    }

    @Mutation
    @Description("All or nothing, at most 1000 per request. Same externalId with different content: CONFLICT error.")
    public @NonNull Uni<List<@NonNull VisitNode>> recordVisits(@NonNull List<@NonNull VisitInput> visits)
            throws BadUserInputException {
        return this.visits.record(visits).chain(reader::visitsByIds);
    }

    @Mutation
    @Description("Cancels the purchase: it then counts nowhere. Cancelling again changes nothing.")
    public @NonNull Uni<PurchaseNode> cancelPurchase(@NonNull String externalId) {
        return purchaseService.cancel(externalId)
                .chain(p -> segments.refresh(List.of(p.customerId)).replaceWith(p.id))
                .chain(id -> reader.purchasesByIds(List.of(id)))
                .map(list -> list.get(0));
    }

    @Description("The customer's purchases, newest first; first is at most 500.")
    public @NonNull Uni<List<@NonNull PurchaseConnection>> purchases(@Source List<CustomerNode> customers,
                                                                     @DefaultValue("50") Integer first,
                                                                     String after) throws BadUserInputException {
        return reader.purchasesOf(ids(customers), PageRequest.of(first, after, ActivityReader.PURCHASE_CURSOR));
    }

    @Description("The customer's visits, newest first; first is at most 500.")
    public @NonNull Uni<List<@NonNull VisitConnection>> visits(@Source List<CustomerNode> customers,
                                                               @DefaultValue("50") Integer first,
                                                               String after) throws BadUserInputException {
        return reader.visitsOf(ids(customers), PageRequest.of(first, after, ActivityReader.VISIT_CURSOR));
    }

    public @NonNull Uni<List<@NonNull List<@NonNull PurchaseLineNode>>> lines(@Source List<PurchaseNode> purchases) {
        return reader.linesOf(purchases.stream().map(PurchaseNode::dbId).toList());
    }

    private static List<Long> ids(List<CustomerNode> customers) {
        return customers.stream().map(CustomerNode::dbId).toList();
    }
}
