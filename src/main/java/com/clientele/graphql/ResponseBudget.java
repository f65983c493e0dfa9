package com.clientele.graphql;

import com.clientele.common.ErrorCode;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.schema.DataFetcher;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the size of a response while it is built, not after: every fetched value adds an estimate
 * of its JSON size; once the budget is spent, the remaining fields are not fetched and the request
 * answers with one error instead of its data. The cost check before execution bounds how many fields
 * a request selects; this bounds what they hold (long texts, purchases with many lines).
 * A request whose deadline passed ({@link Exchange#abandoned()}) stops fetching the same way.
 */
final class ResponseBudget extends SimplePerformantInstrumentation {

    private final long maxBytes;

    ResponseBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static final class Spent implements InstrumentationState {
        final AtomicLong bytes = new AtomicLong();
        final Exchange exchange;

        Spent(Exchange exchange) {
            this.exchange = exchange;
        }

        boolean exceeded(long max) {
            return bytes.get() > max;
        }

        boolean stop(long max) {
            return exceeded(max) || (exchange != null && exchange.abandoned());
        }
    }

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        return CompletableFuture.completedFuture(new Spent(Exchange.current().orElse(null)));
    }

    /** Each event of a subscription is a response of its own, with a budget of its own. */
    @Override
    public InstrumentationContext<ExecutionResult> beginSubscribedFieldEvent(InstrumentationFieldParameters parameters,
                                                                             InstrumentationState state) {
        if (state instanceof Spent spent) {
            spent.bytes.set(0);
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
                                                           InstrumentationState state) {
        Spent spent = (Spent) state;
        int key = parameters.getField().getName().length() + 4;
        return SimpleInstrumentationContext.whenCompleted((value, failure) ->
                spent.bytes.addAndGet(key + estimate(value)));
    }

    /**
     * Resolvers stop once the budget is spent or the request abandoned. A property (a trivial fetcher) is
     * not wrapped: reading it costs nothing worth stopping, its size still counts, and a wrapper at every
     * field of a page of 10,000 objects was a tenth of the page's time.
     */
    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return dataFetcher;
        }
        Spent spent = (Spent) state;
        return environment -> {
            if (spent.stop(maxBytes)) {
                throw new AbortExecutionException("response budget spent, or the request abandoned");
            }
            return dataFetcher.get(environment);
        };
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(
            ExecutionResult result, InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (state instanceof Spent spent && spent.exceeded(maxBytes)) {
            return CompletableFuture.completedFuture(ExecutionResultImpl.newExecutionResult()
                    .addError(ErrorPolicy.error("The response would be larger than " + maxBytes
                            + " bytes; ask for fewer fields or smaller pages", ErrorType.DataFetchingException, null,
                            Map.of("code", ErrorCode.BAD_USER_INPUT.name(), "maxResponseBytes", maxBytes)))
                    .build());
        }
        if (state instanceof Spent spent && spent.stop(maxBytes)) {
            // the client was answered at the deadline; what was cut short is not one error per field
            return CompletableFuture.completedFuture(ExecutionResultImpl.newExecutionResult()
                    .addError(ErrorPolicy.error("The request ran past its deadline and was stopped",
                            ErrorType.DataFetchingException, null,
                            Map.of("code", ErrorCode.UNAVAILABLE.name(), "reason", "TIMEOUT")))
                    .build());
        }
        return CompletableFuture.completedFuture(result);
    }

    /** Bytes of JSON a fetched value will take, roughly; objects count through their own fields. */
    private static long estimate(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof CharSequence text) {
            return text.length() + 2L;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return 8;
        }
        if (value instanceof Collection<?> items) {
            long total = 2;
            for (Object item : items) {
                total += 1 + (item instanceof CharSequence || item instanceof Number ? estimate(item) : 2);
            }
            return total;
        }
        return 16; // an object: its values count when its own fields are fetched
    }
}
