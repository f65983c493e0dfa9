package com.clientele.activity;

import com.clientele.common.Source;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@Input("PurchaseInput")
public class PurchaseInput {
    @NonNull
    public String externalId;
    @NonNull
    public String customerExternalId;
    @NonNull
    public Instant orderedAt;
    @NonNull
    public String currency;
    @NonNull
    public List<@NonNull PurchaseLineInput> lines;
    @DefaultValue("0")
    public BigDecimal discount;
    public String couponCode;
    public Device device;
    public Source source;
    public String visitExternalId;
}
