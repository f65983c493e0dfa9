package com.clientele.graphql;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The response budget on a small schema of its own, with graphql-java alone. */
class ResponseBudgetTest {

    private final AtomicInteger fetched = new AtomicInteger();
    private final GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(
            new SchemaParser().parse("type Query { items(n: Int!): [Item!]! notes(n: Int!): [Note!]! } "
                    + "type Item { text: String! } type Note { text: String! }"),
            RuntimeWiring.newRuntimeWiring()
                    .type("Query", t -> t.dataFetcher("items", env -> IntStream.range(0, env.<Integer>getArgument("n"))
                            .boxed().toList())
                            // Note.text has graphql-java's property fetcher: a trivial one
                            .dataFetcher("notes", env -> IntStream.range(0, env.<Integer>getArgument("n"))
                                    .mapToObj(i -> Map.of("text", String.join("", Collections.nCopies(100, "x")))).toList()))
                    .type("Item", t -> t.dataFetcher("text", (DataFetcher<String>) env -> {
                        fetched.incrementAndGet();
                        return String.join("", Collections.nCopies(100, "x"));
                    }))
                    .build());

    private ExecutionResult run(long budget, int items) {
        return execute(budget, "{ items(n: " + items + ") { text } }");
    }

    private ExecutionResult execute(long budget, String query) {
        return GraphQL.newGraphQL(schema).instrumentation(new ResponseBudget(budget)).build().execute(query);
    }

    @Test
    void aResponseWithinTheBudgetIsUntouched() {
        ExecutionResult result = run(10_000, 10);
        assertTrue(result.getErrors().isEmpty());
        assertEquals(10, ((List<?>) ((Map<?, ?>) result.getData()).get("items")).size());
    }

    @Test
    void aResponseOverTheBudgetIsOneErrorInsteadOfItsDataAndStopsBeingFetched() {
        ExecutionResult result = run(10_000, 10_000); // about 1.1 MB of text
        assertNull(result.getData());
        assertEquals(1, result.getErrors().size());
        Map<String, Object> extensions = result.getErrors().get(0).getExtensions();
        assertEquals("BAD_USER_INPUT", extensions.get("code"));
        assertEquals(10_000L, extensions.get("maxResponseBytes"));
        assertNotNull(result.getErrors().get(0).getMessage());
        assertTrue(fetched.get() < 200, "fields after the budget was spent are not fetched: " + fetched.get());
    }

    /** Properties are not stopped one by one (nothing to save there), but they count: the answer is the same error. */
    @Test
    void propertiesCountTowardsTheBudgetToo() {
        ExecutionResult result = execute(10_000, "{ notes(n: 10000) { text } }");
        assertNull(result.getData());
        assertEquals(1, result.getErrors().size());
        assertEquals("BAD_USER_INPUT", result.getErrors().get(0).getExtensions().get("code"));
        assertTrue(execute(10_000, "{ notes(n: 10) { text } }").getErrors().isEmpty());
    }
}
