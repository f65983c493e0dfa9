package com.clientele.customer;

public enum Gender {
    FEMALE, MALE, OTHER, UNDISCLOSED
}
