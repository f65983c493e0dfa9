package com.clientele.rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the in-memory evaluator knows of one customer: what the service stores, not what it
 * derived for a rule. Customer fields and the engine's metrics are keyed by their rule names (numbers
 * as BigDecimal, shares and ratios as Double, dates as LocalDate, instants as Instant); aggregates,
 * {@code age}, {@code device} and {@code source} are computed by the evaluator itself from the orders
 * and visits, all of them (cancelled and later ones too: the evaluator leaves them out).
 */
public record CustomerFacts(Instant asOf, Map<String, Object> fields, Map<String, Object> attributes,
                            Set<String> segments, List<Order> orders, List<Visit> visits) {

    public record Order(long id, Instant orderedAt, boolean cancelled, BigDecimal total, String device, String source,
                        boolean discounted, List<Line> lines) {
    }

    public record Line(String sku, String category, int quantity, BigDecimal unitPrice) {
    }

    public record Visit(long id, Instant startedAt, String device, String source, boolean addedToCart) {
    }
}
