package com.clientele.security;

/**
 * The roles of the {@code groups} claim, as the roles table of the API documentation sets them.
 * {@code admin} may do everything, so it appears in every {@code @RolesAllowed}.
 */
public final class Roles {

    /** Storefronts: a customer's segment keys, nothing else. */
    public static final String STOREFRONT = "storefront";
    /** Shop back ends: customers, purchases and visits in, and the non-personal fields of what they return. */
    public static final String INGEST = "ingest";
    /** Marketing tools and their users: read customers (personal fields included), segments and rules. */
    public static final String MARKETING = "marketing";
    /** Everything, including erasure, settings and recomputes. */
    public static final String ADMIN = "admin";

    public static final java.util.List<String> ALL = java.util.List.of(STOREFRONT, INGEST, MARKETING, ADMIN);

    private Roles() {
    }
}
