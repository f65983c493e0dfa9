package com.clientele.activity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An order, as far as it changes after ingest: cancellation. Orders are created in bulk by
 * {@link PurchaseIngestService} (set-based SQL) and read by {@link ActivityReader}; their content is
 * immutable, so this entity maps only what cancelling needs.
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

    @Column(name = "cancelled_at")
    public Instant cancelledAt;
}
