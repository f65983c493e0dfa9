package com.clientele.activity;

import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;

@Name("PurchaseLine")
public record PurchaseLineNode(@NonNull String sku, String category, int quantity, @NonNull BigDecimal unitPrice,
                               boolean onPromotion, @NonNull BigDecimal amount) {
}
