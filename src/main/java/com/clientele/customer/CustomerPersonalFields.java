package com.clientele.customer;

import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * The personal fields of {@code Customer}, for marketing and admin. Another role gets a null with a
 * {@code FORBIDDEN} error for each, and the rest of its answer as usual. The values were read with the
 * customer; these fields only hand them out.
 */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class CustomerPersonalFields {

    @Description("Personal: marketing and admin only.")
    public Uni<List<String>> email(@Source List<CustomerNode> customers) {
        return each(customers, PersonalData::email);
    }

    @Description("Personal: marketing and admin only.")
    public Uni<List<String>> name(@Source List<CustomerNode> customers) {
        return each(customers, PersonalData::name);
    }

    @Description("Personal: marketing and admin only.")
    public Uni<List<String>> city(@Source List<CustomerNode> customers) {
        return each(customers, PersonalData::city);
    }

    @Description("Personal: marketing and admin only.")
    public Uni<List<LocalDate>> birthDate(@Source List<CustomerNode> customers) {
        return each(customers, PersonalData::birthDate);
    }

    @Description("Free attributes, by key. Personal: marketing and admin only.")
    public Uni<List<List<@NonNull CustomerAttribute>>> attributes(@Source List<CustomerNode> customers) {
        return each(customers, PersonalData::attributes);
    }

    private static <T> Uni<List<T>> each(List<CustomerNode> customers, Function<PersonalData, T> field) {
        return Uni.createFrom().item(customers.stream().map(c -> field.apply(c.personal())).toList());
    }
}
