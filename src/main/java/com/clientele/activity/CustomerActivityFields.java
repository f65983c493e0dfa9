package com.clientele.activity;

import com.clientele.common.BadUserInputException;
import com.clientele.common.PageRequest;
import com.clientele.customer.CustomerNode;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import java.util.List;

/**
 * A customer's purchases and visits, and a purchase's lines: batch fields, one statement per level.
 * Every role that can reach a customer may read them (none of them is personal).
 */
@GraphQLApi
@RolesAllowed({Roles.INGEST, Roles.MARKETING, Roles.ADMIN})
public class CustomerActivityFields {

    private final ActivityReader reader;

    public CustomerActivityFields(ActivityReader reader) {
        this.reader = reader;
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

    @Description("The purchase's lines, in the order they were sent.")
    public @NonNull Uni<List<@NonNull List<@NonNull PurchaseLineNode>>> lines(@Source List<PurchaseNode> purchases) {
        return reader.linesOf(purchases.stream().map(PurchaseNode::dbId).toList());
    }

    private static List<Long> ids(List<CustomerNode> customers) {
        return customers.stream().map(CustomerNode::dbId).toList();
    }
}
