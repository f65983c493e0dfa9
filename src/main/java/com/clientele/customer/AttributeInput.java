package com.clientele.customer;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;

@Description("A free attribute: exactly one of text, number and flag is set.")
@Input("AttributeInput")
public class AttributeInput {
    @NonNull
    public String key;
    public String text;
    public BigDecimal number;
    public Boolean flag;
}
