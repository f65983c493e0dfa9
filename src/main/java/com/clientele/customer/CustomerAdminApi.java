package com.clientele.customer;

import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

/** Erasure: a person's right to be forgotten, carried out by admin only. */
@GraphQLApi
@RolesAllowed(Roles.ADMIN)
public class CustomerAdminApi {

    private final CustomerService service;

    public CustomerAdminApi(CustomerService service) {
        this.service = service;
    }

    @Mutation
    @Description("Removes the customer's personal data and activity; nothing identifying remains. False when there was no such customer.")
    public @NonNull Uni<Boolean> eraseCustomer(@NonNull String externalId) {
        return service.erase(externalId);
    }
}
