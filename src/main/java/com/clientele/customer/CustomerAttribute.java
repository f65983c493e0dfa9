package com.clientele.customer;

import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;

/** A free attribute; exactly one of text, number and flag is set. */
public record CustomerAttribute(@NonNull String key, String text, BigDecimal number, Boolean flag) {
}
