package com.clientele.graphql;

import graphql.language.Document;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP gate learnt about one GraphQL request, for the instrumentations that run inside
 * SmallRye for the same request, and what they learnt back for the HTTP status. It travels in the
 * request's Vert.x duplicated context, which every resolver callback of the request runs on.
 */
final class Exchange {

    private static final String KEY = Exchange.class.getName();

    final Document document;
    final Map<String, Object> variables;
    final RequestValues values;
    final boolean graphqlResponseMediaType;
    private volatile boolean dataEntry = true;
    private volatile boolean anyData = true;
    private volatile boolean unavailable;
    private volatile boolean abandoned;

    Exchange(Document document, Map<String, Object> variables, RequestValues values, boolean graphqlResponseMediaType) {
        this.document = document;
        this.variables = variables;
        this.values = values;
        this.graphqlResponseMediaType = graphqlResponseMediaType;
    }

    void attach() {
        ContextLocals.put(KEY, this);
    }

    /** The request's exchange; empty outside a request's duplicated context (a non-HTTP execution). */
    static Optional<Exchange> current() {
        Context context = Vertx.currentContext();
        return context == null || !VertxContext.isDuplicatedContext(context) ? Optional.empty() : ContextLocals.get(KEY);
    }

    /**
     * Recorded by the error policy once the result is final.
     *
     * @param dataEntry whether the response holds a {@code data} entry (not when the request was refused)
     * @param anyData   whether any top-level field produced a value
     */
    void outcome(boolean dataEntry, boolean anyData, boolean unavailable) {
        this.dataEntry = dataEntry;
        this.anyData = anyData;
        this.unavailable = unavailable;
    }

    /** The deadline passed and the client has its answer: whatever is still to fetch is not fetched. */
    void abandon() {
        abandoned = true;
    }

    boolean abandoned() {
        return abandoned;
    }

    /** The request produced nothing because the database could not serve it: 503, retry later. */
    boolean unavailableWithoutData() {
        return unavailable && !anyData;
    }

    /** Refused before execution (syntax, validation, variables): no {@code data} entry at all. */
    boolean refused() {
        return !dataEntry;
    }
}
