package com.clientele.activity;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;

@Input("PurchaseLineInput")
public class PurchaseLineInput {
    @NonNull
    public String sku;
    public String category;
    @NonNull
    public Integer quantity;
    @NonNull
    public BigDecimal unitPrice;
    @DefaultValue("false")
    public Boolean onPromotion;
}
