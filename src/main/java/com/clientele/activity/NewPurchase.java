package com.clientele.activity;

import com.clientele.common.Times;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A validated purchase with what is derived from it before storage: totals and the content hash. */
record NewPurchase(PurchaseInput input, Instant orderedAt, BigDecimal discount, BigDecimal subtotal,
                   BigDecimal total, int units, int maxLineQuantity, boolean anyPromotion, String hash) {

    static NewPurchase of(PurchaseInput in) {
        BigDecimal discount = in.discount == null ? BigDecimal.ZERO : in.discount;
        BigDecimal subtotal = ActivityInputCheck.subtotal(in.lines);
        Instant orderedAt = Times.micros(in.orderedAt);
        ContentHash hash = new ContentHash().add(in.customerExternalId).add(orderedAt).add(in.currency)
                .add(discount).add(in.couponCode).add(in.device).add(in.source).add(in.visitExternalId);
        for (PurchaseLineInput line : in.lines) {
            hash.add(line.sku).add(line.category).add(line.quantity).add(line.unitPrice)
                    .add(Boolean.TRUE.equals(line.onPromotion));
        }
        return new NewPurchase(in, orderedAt, discount, subtotal, subtotal.subtract(discount),
                in.lines.stream().mapToInt(l -> l.quantity).sum(),
                in.lines.stream().mapToInt(l -> l.quantity).max().orElseThrow(),
                in.lines.stream().anyMatch(l -> Boolean.TRUE.equals(l.onPromotion)), hash.hex());
    }

    List<PurchaseLineInput> lines() {
        return input.lines;
    }
}
