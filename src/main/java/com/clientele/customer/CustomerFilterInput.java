package com.clientele.customer;

import org.eclipse.microprofile.graphql.Input;

@Input("CustomerFilterInput")
public class CustomerFilterInput {
    public String country;
    public CustomerKind kind;
    public Boolean registered;
}
