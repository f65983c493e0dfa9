package com.clientele.rule;

import java.util.List;

/** What a condition tests: a field of the customer (a metric, a customer field, an attribute) or an aggregate. */
public sealed interface Operand permits Operand.Field, Operand.Aggregate {

    /**
     * A field by its name as written: {@code totalSpend}, {@code rfm.recency}, {@code attributes.tier}.
     * {@link RuleFields} says what it is.
     */
    record Field(String name) implements Operand {
        static final String ATTRIBUTE_PREFIX = "attributes.";

        boolean isAttribute() {
            return name.startsWith(ATTRIBUTE_PREFIX);
        }

        String attributeKey() {
            return name.substring(ATTRIBUTE_PREFIX.length());
        }
    }

    /**
     * {@code orders(...)}, {@code spend(...)}, {@code units(...)} or {@code visits(...)} with at most one of
     * each filter. A filter's values are a set: kept sorted and without repeats (one value prints as
     * {@code = v}, several as {@code in (...)}). Absent filters are null.
     */
    record Aggregate(AggregateKind kind, Integer inLastDays, List<Value> category, List<Value> sku,
                     List<Value> device, List<Value> source, Boolean discounted, Boolean addedToCart)
            implements Operand {
        public Aggregate {
            category = Rule.asSet(category);
            sku = Rule.asSet(sku);
            device = Rule.asSet(device);
            source = Rule.asSet(source);
        }

        static Aggregate of(AggregateKind kind) {
            return new Aggregate(kind, null, null, null, null, null, null, null);
        }
    }

    enum AggregateKind {
        ORDERS, SPEND, UNITS, VISITS;

        /** The name as it is written in the text form. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
