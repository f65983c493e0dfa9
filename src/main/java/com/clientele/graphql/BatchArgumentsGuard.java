package com.clientele.graphql;

import graphql.GraphqlErrorException;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SmallRye GraphQL loads a batch field (a {@code @Source List} resolver) for all parents of a request
 * in one call, with the arguments of the first caller. Two selections of the same batch field with
 * different arguments (aliases such as {@code all: purchases} and {@code last: purchases(first: 1)})
 * would silently share one answer; such a request is refused before it runs instead.
 */
final class BatchArgumentsGuard extends SimplePerformantInstrumentation {

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        // SmallRye registers one DataLoader per batch field, named after its type and field
        Set<String> batchLoaders = execution.getDataLoaderRegistry().getKeys();
        Map<String, Set<Map<String, Object>>> arguments = new HashMap<>();
        QueryTraverser.newQueryTraverser()
                .schema(execution.getGraphQLSchema())
                .document(execution.getDocument())
                .operationName(execution.getOperationDefinition().getName())
                .coercedVariables(execution.getCoercedVariables())
                .build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment env) {
                        if (GraphQLTypeUtil.unwrapAll(env.getParentType()) instanceof GraphQLObjectType parent
                                && !env.getArguments().isEmpty()
                                && isBatch(batchLoaders, parent.getName(), env.getFieldDefinition().getName())) {
                            arguments.computeIfAbsent(parent.getName() + "." + env.getFieldDefinition().getName(),
                                    k -> new java.util.HashSet<>()).add(env.getArguments());
                        }
                    }
                });
        for (Map.Entry<String, Set<Map<String, Object>>> field : arguments.entrySet()) {
            if (field.getValue().size() > 1) {
                throw new AbortExecutionException(List.of(GraphqlErrorException.newErrorException()
                        .message(field.getKey() + " is selected with different arguments; use one set of arguments "
                                + "for it per request, or send separate requests")
                        .extensions(Map.of("code", "BAD_USER_INPUT", "inputPath", field.getKey()))
                        .build()));
            }
        }
        return SimpleInstrumentationContext.noOp();
    }

    private static boolean isBatch(Set<String> loaders, String type, String field) {
        return loaders.stream().anyMatch(name -> name.length() <= type.length() + field.length() + 1
                && name.startsWith(type) && name.endsWith(field));
    }
}
