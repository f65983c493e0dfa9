package com.clientele.activity;

import com.clientele.common.InputCheck;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every rule a purchase or visit must satisfy before it is stored. */
final class ActivityInputCheck {

    static final int MAX_LINES = 200;
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private ActivityInputCheck() {
    }

    static void purchases(InputCheck check, List<PurchaseInput> purchases, Instant now) {
        check.batch("purchases", purchases, (c, path, p) -> purchase(c, path, p, now));
    }

    static void visits(InputCheck check, List<VisitInput> visits, Instant now) {
        check.batch("visits", visits, (c, path, v) -> c
                .id(path + ".externalId", v.externalId, 128)
                .id(path + ".customerExternalId", v.customerExternalId, 128)
                .required(path + ".startedAt", v.startedAt)
                .pastInstant(path + ".startedAt", v.startedAt, now)
                .range(path + ".productViews", v.productViews, 0, 1_000_000));
    }

    private static void purchase(InputCheck check, String path, PurchaseInput p, Instant now) {
        check.id(path + ".externalId", p.externalId, 128)
                .id(path + ".customerExternalId", p.customerExternalId, 128)
                .required(path + ".orderedAt", p.orderedAt)
                .pastInstant(path + ".orderedAt", p.orderedAt, now)
                .text(path + ".couponCode", p.couponCode, 64)
                .text(path + ".visitExternalId", p.visitExternalId, 128)
                .money(path + ".discount", p.discount);
        if (p.currency == null || !CURRENCIES.contains(p.currency)) {
            check.problem(path + ".currency", "is not an ISO 4217 currency code such as EUR");
        }
        if (p.lines == null || p.lines.isEmpty()) {
            check.problem(path + ".lines", "must hold at least one line");
            return;
        }
        if (p.lines.size() > MAX_LINES) {
            check.problem(path + ".lines", "holds " + p.lines.size() + " lines; at most " + MAX_LINES);
            return;
        }
        int before = check.count();
        check.batch(path + ".lines", p.lines, (c, linePath, line) -> c
                .id(linePath + ".sku", line.sku, 128)
                .text(linePath + ".category", line.category, 128)
                .required(linePath + ".quantity", line.quantity)
                .range(linePath + ".quantity", line.quantity, 1, 1_000_000)
                .required(linePath + ".unitPrice", line.unitPrice)
                .money(linePath + ".unitPrice", line.unitPrice));
        if (check.count() == before && p.discount != null && p.discount.compareTo(subtotal(p.lines)) > 0) {
            check.problem(path + ".discount", "is larger than the sum of the lines");
        }
    }

    static BigDecimal subtotal(List<PurchaseLineInput> lines) {
        return lines.stream().map(l -> l.unitPrice.multiply(BigDecimal.valueOf(l.quantity)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
