package com.clientele.common;

import java.math.BigDecimal;

/** Amounts as clients read them: no storage padding (12.5000 becomes 12.50), never rounded. */
public final class Money {

    private Money() {
    }

    public static BigDecimal of(BigDecimal stored) {
        if (stored == null) {
            return null;
        }
        BigDecimal plain = stored.stripTrailingZeros();
        return plain.scale() < 2 ? plain.setScale(2) : plain;
    }
}
