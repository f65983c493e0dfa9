package com.clientele.common;

/** Where a customer, visit or order came from. */
public enum Source {
    DIRECT, ORGANIC_SEARCH, PAID_SEARCH, SOCIAL, EMAIL, AFFILIATE, ADVERTISING, REFERRAL, MARKETPLACE, OTHER
}
