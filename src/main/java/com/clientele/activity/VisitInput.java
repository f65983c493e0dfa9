package com.clientele.activity;

import com.clientele.common.Source;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

@Input("VisitInput")
public class VisitInput {
    @NonNull
    public String externalId;
    @NonNull
    public String customerExternalId;
    @NonNull
    public Instant startedAt;
    public Device device;
    public Source source;
    @DefaultValue("0")
    public Integer productViews;
    @DefaultValue("false")
    public Boolean addedToCart;
}
