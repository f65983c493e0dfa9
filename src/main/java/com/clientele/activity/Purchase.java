package com.clientele.activity;

import com.clientele.common.Source;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order. Created in bulk by {@link PurchaseIngestService} (set-based SQL); changed afterwards only
 * by cancellation, through this entity. Lines and totals are immutable once stored.
 */
@Entity
@Table(name = "purchase")
public class Purchase extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "external_id", nullable = false, updatable = false)
    public String externalId;

    @Column(name = "customer_id", nullable = false, updatable = false)
    public Long customerId;

    @Column(name = "ordered_at", nullable = false, updatable = false)
    public Instant orderedAt;

    @Column(nullable = false, updatable = false)
    public String currency;

    @Column(nullable = false, updatable = false, precision = 19, scale = 4)
    public BigDecimal discount;

    @Column(name = "coupon_code", updatable = false)
    public String couponCode;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public Device device;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public Source source;

    @Column(name = "visit_id", updatable = false)
    public Long visitId;

    @Column(nullable = false, updatable = false, precision = 19, scale = 4)
    public BigDecimal total;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;
}
