package com.clientele.customer;

import com.clientele.common.BadUserInputException;
import com.clientele.common.PageRequest;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Reading customers: marketing tools and admin UIs. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class CustomerReadApi {

    private final CustomerReader reader;

    public CustomerReadApi(CustomerReader reader) {
        this.reader = reader;
    }

    @Query
    @Description("A customer by the service's id; null when there is none.")
    public Uni<CustomerNode> customer(@NonNull @Id String id) throws BadUserInputException {
        return reader.byId(parseId(id));
    }

    @Query
    @Description("A customer by the shop's own id; null when there is none.")
    public Uni<CustomerNode> customerByExternalId(@NonNull String externalId) {
        return reader.byExternalId(externalId);
    }

    @Query
    @Description("Customers in id order, optionally filtered (every given filter field must hold, and the customer must be "
            + "a member of every segment of inSegment); first is at most 500.")
    public @NonNull Uni<CustomerConnection> customers(@DefaultValue("50") Integer first, String after,
                                                      CustomerFilterInput filter) throws BadUserInputException {
        return reader.page(filter, PageRequest.of(first, after, CustomerReader.CURSOR_KIND));
    }

    @Description("How many customers the whole list holds, over all pages.")
    public @NonNull Uni<Integer> totalCount(@Source CustomerConnection connection) {
        return connection.countAll().map(Math::toIntExact);
    }

    private static long parseId(String id) throws BadUserInputException {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadUserInputException("id", "is not a customer id");
        }
    }
}
