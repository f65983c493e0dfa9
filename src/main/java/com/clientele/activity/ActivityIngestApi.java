package com.clientele.activity;

import com.clientele.common.BadUserInputException;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** Shops' back ends record what their customers buy and how they visit. */
@GraphQLApi
@RolesAllowed({Roles.INGEST, Roles.ADMIN})
public class ActivityIngestApi {

    private final ActivityReader reader;
    private final PurchaseIngestService purchases;
    private final VisitIngestService visits;
    private final PurchaseService purchaseService;

    public ActivityIngestApi(ActivityReader reader, PurchaseIngestService purchases, VisitIngestService visits,
                             PurchaseService purchaseService) {
        this.reader = reader;
        this.purchases = purchases;
        this.visits = visits;
        this.purchaseService = purchaseService;
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
                .chain(id -> reader.purchasesByIds(List.of(id)))
                .map(list -> list.get(0));
    }
}
