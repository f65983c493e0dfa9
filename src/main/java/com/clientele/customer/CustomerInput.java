package com.clientele.customer;

import com.clientele.common.Source;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

@Description("A customer's full record. An upsert replaces every field; firstSeenAt, when omitted, keeps the stored value (or is now for a new customer).")
@Input("CustomerInput")
public class CustomerInput {
    @NonNull
    public String externalId;
    public String email;
    public String name;
    @DefaultValue("CONSUMER")
    public CustomerKind kind;
    @Description("ISO 3166-1 alpha-2, e.g. NL")
    public String country;
    public String city;
    public LocalDate birthDate;
    public Gender gender;
    @DefaultValue("true")
    public Boolean registered;
    public Instant firstSeenAt;
    public Source acquisitionSource;
    @DefaultValue("false")
    public Boolean marketingConsent;
    public List<AttributeInput> attributes;
}
