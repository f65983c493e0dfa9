package com.clientele.customer;

public enum CustomerKind {
    CONSUMER, BUSINESS
}
