package com.clientele.customer;

import com.clientele.common.BadUserInputException;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** Shops' back ends keep their customers here. */
@GraphQLApi
@RolesAllowed({Roles.INGEST, Roles.ADMIN})
public class CustomerIngestApi {

    private final CustomerReader reader;
    private final CustomerService service;

    public CustomerIngestApi(CustomerReader reader, CustomerService service) {
        this.reader = reader;
        this.service = service;
    }

    @Mutation
    @Description("All or nothing, at most 1000 per request. Replaying the same externalId with the same content changes nothing.")
    public @NonNull Uni<List<@NonNull CustomerNode>> upsertCustomers(@NonNull List<@NonNull CustomerInput> customers)
            throws BadUserInputException {
        return service.upsert(customers).chain(reader::byIds);
    }
}
