package com.clientele.activity;

import com.clientele.common.Source;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.time.Instant;

/** The GraphQL {@code Purchase}; {@code lines} is a batch field of {@link ActivityGraphQL}. */
@Name("Purchase")
public record PurchaseNode(
        @Id @NonNull String id,
        @NonNull String externalId,
        @NonNull String customerExternalId,
        @NonNull Instant orderedAt,
        @NonNull String currency,
        @NonNull BigDecimal discount,
        String couponCode,
        Device device,
        Source source,
        String visitExternalId,
        @Description("Sum of the line amounts (quantity x unit price).") @NonNull BigDecimal subtotal,
        @Description("subtotal minus discount.") @NonNull BigDecimal total,
        @Description("Null unless cancelled; a cancelled purchase counts nowhere.") Instant cancelledAt) {

    public long dbId() {
        return Long.parseLong(id);
    }
}
