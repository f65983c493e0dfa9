package com.clientele.common;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.ExceptionWhileDataFetching;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.graphql.spi.EventingService;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gives every error an {@code extensions.code} from the fixed set of DESIGN.md. Errors that
 * graphql-java raises before any resolver runs (unknown enum value, malformed scalar, wrong type,
 * syntax) are the client's: {@code BAD_USER_INPUT}. A masked server error is {@code INTERNAL}.
 * Any other failure of a resolver is logged here with its stack trace and reaches the client as
 * {@code INTERNAL} with a fixed message: no exception name, SQL or personal data leaves the service.
 * Also bounds query depth, so a hostile nested query is refused before it runs.
 */
@RegisterForReflection
public class GraphQLErrorPolicy implements EventingService {

    static final int MAX_QUERY_DEPTH = 12;
    private static final Logger LOG = Logger.getLogger(GraphQLErrorPolicy.class);

    /**
     * Registered through META-INF/services rather than as a CDI observer: SmallRye's CDI events would
     * fire for every field of every request, and only this one hook is needed.
     */
    @Override
    public String getConfigKey() {
        return "clientele.graphql.error-policy.enabled";
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return builder.instrumentation(new ChainedInstrumentation(List.of(
                new MaxQueryDepthInstrumentation(MAX_QUERY_DEPTH), new BatchArgumentsGuard(), new ErrorCodes())));
    }

    static final class ErrorCodes extends SimplePerformantInstrumentation {
        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(
                ExecutionResult result, InstrumentationExecutionParameters parameters, InstrumentationState state) {
            if (result.getErrors().isEmpty()) {
                return CompletableFuture.completedFuture(result);
            }
            boolean rejectedInput = result.getErrors().stream().anyMatch(ErrorCodes::isInputError);
            List<GraphQLError> errors = new ArrayList<>();
            if (rejectedInput) {
                var malformed = ScalarFormatCheck.firstProblem(parameters.getSchema(), parameters.getQuery(),
                        parameters.getExecutionInput().getVariables());
                if (malformed.isPresent()) {
                    var problem = malformed.get();
                    return CompletableFuture.completedFuture(ExecutionResultImpl.newExecutionResult().from(result)
                            .errors(List.of(GraphqlErrorBuilder.newError()
                                    .message(problem.path() + ": " + problem.message())
                                    .extensions(Map.of("code", "BAD_USER_INPUT", "inputPath", problem.path()))
                                    .build()))
                            .build());
                }
            }
            for (GraphQLError error : result.getErrors()) {
                // a null forced by a rejected argument is noise next to the error that explains it
                if (rejectedInput && "NullValueInNonNullableField".equals(String.valueOf(error.getErrorType()))) {
                    continue;
                }
                errors.add(isUnexpected(error) ? internal(error) : withCode(error));
            }
            return CompletableFuture.completedFuture(
                    ExecutionResultImpl.newExecutionResult().from(result).errors(errors).build());
        }

        private static boolean isUnexpected(GraphQLError error) {
            return error instanceof ExceptionWhileDataFetching fetching
                    && !(fetching.getException() instanceof ApiException);
        }

        private static GraphQLError internal(GraphQLError error) {
            Throwable cause = ((ExceptionWhileDataFetching) error).getException();
            LOG.errorf(cause, "Resolver %s failed", error.getPath());
            return GraphqlErrorBuilder.newError().message("Internal error; it has been logged")
                    .locations(error.getLocations()).path(error.getPath())
                    .extensions(Map.of("code", "INTERNAL")).build();
        }

        private static boolean isInputError(GraphQLError error) {
            ErrorClassification type = error.getErrorType();
            String name = String.valueOf(type);
            return name.equals("ValidationError") || name.equals("InvalidSyntax");
        }

        private static GraphQLError withCode(GraphQLError error) {
            Map<String, Object> extensions = error.getExtensions() == null
                    ? new LinkedHashMap<>() : new LinkedHashMap<>(error.getExtensions());
            if (extensions.containsKey("code") || !isInputError(error)) {
                return error;
            }
            extensions.put("code", "BAD_USER_INPUT");
            return GraphqlErrorBuilder.newError().message(error.getMessage()).locations(error.getLocations())
                    .path(error.getPath()).errorType(error.getErrorType()).extensions(extensions).build();
        }
    }
}
