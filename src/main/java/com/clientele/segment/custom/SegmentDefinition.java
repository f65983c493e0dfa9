package com.clientele.segment.custom;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * A row of the segment catalogue (segment_definition): the write model of custom segments, changed only
 * through {@link CustomSegmentService}. Built-in rows are read here too (for keys and the limits of the
 * dependency graph), never written.
 */
@Entity
@Table(name = "segment_definition")
public class SegmentDefinition extends PanacheEntityBase {

    static final String CUSTOM = "CUSTOM";

    @Id
    public String key;

    @Column(nullable = false, updatable = false)
    public String family;

    @Column(nullable = false)
    public String name;

    public String description;

    /** The canonical text of the rule. */
    @Column(name = "rule_text")
    public String ruleText;

    /** The rule compiled by {@link com.clientele.rule.RuleSql}; its values are {@link #ruleParameters}. */
    @Column(name = "rule_sql")
    public String ruleSql;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "rule_parameters")
    public String[] ruleParameters;

    /** Whether the compiled rule reads customer c as well as customer_metrics cm. */
    @Column(name = "rule_reads_customer", nullable = false)
    public boolean ruleReadsCustomer;

    /** What makes the rule's answer move with time alone ({@link com.clientele.rule.RuleSql.Compiled#clock()}). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "rule_clock", nullable = false)
    public String[] ruleClock = new String[0];

    /** The segments the rule names with inSegment. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "depends_on", nullable = false)
    public String[] dependsOn;

    @Column(name = "evaluation_rank")
    public Integer evaluationRank;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    boolean isCustom() {
        return CUSTOM.equals(family);
    }
}
