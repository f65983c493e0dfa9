package com.clientele.customer;

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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** A shop's customer: the write model, changed only through {@link CustomerService}. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "external_id", nullable = false, updatable = false)
    public String externalId;

    public String email;
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CustomerKind kind;

    public String country;
    public String city;

    @Column(name = "birth_date")
    public LocalDate birthDate;

    @Enumerated(EnumType.STRING)
    public Gender gender;

    @Column(nullable = false)
    public boolean registered;

    @Column(name = "first_seen_at", nullable = false)
    public Instant firstSeenAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "acquisition_source")
    public Source acquisitionSource;

    @Column(name = "marketing_consent", nullable = false)
    public boolean marketingConsent;

    /** Free attributes: key to a string, number or boolean. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> attributes;

    @UpdateTimestamp
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
