package com.clientele.graphql;

import com.clientele.common.ApiException;
import com.clientele.common.ErrorCode;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.parser.Parser;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last word on every error of a GraphQL result, whatever raised it:
 * <ul>
 *   <li>each gets an {@code extensions.code} of {@link ErrorCode} and, for input, the path of the
 *       offending value ({@code extensions.inputPath});</li>
 *   <li>messages never hold a value the client sent (see {@link RequestValues}), an exception name,
 *       SQL or a stack trace; unexpected failures become {@code INTERNAL} with a fixed message;</li>
 *   <li>at most {@code max-errors} are listed, the rest counted in {@code extensions.omittedErrors};</li>
 *   <li>client errors are logged in one line, faults with their stack trace, both rate-limited;</li>
 *   <li>the gate learns whether the request produced anything, for the HTTP status.</li>
 * </ul>
 */
final class ErrorPolicy extends SimplePerformantInstrumentation {

    private static final Pattern VALUE_IN_MESSAGE = Pattern.compile(" with value '.*?' is not a valid", Pattern.DOTALL);
    private static final Pattern ARGUMENT = Pattern.compile("argument '([A-Za-z0-9_.\\[\\]]{1,200})'");
    private static final Pattern VARIABLE = Pattern.compile("Variable '([A-Za-z0-9_]{1,100})'");

    private final int maxErrors;
    private final Duration requestTimeout;

    ErrorPolicy(int maxErrors, Duration requestTimeout) {
        this.maxErrors = maxErrors;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(
            ExecutionResult result, InstrumentationExecutionParameters parameters, InstrumentationState state) {
        Exchange exchange = Exchange.current().orElse(null);
        boolean anyData = producedData(result);
        if (result.getErrors().isEmpty()) {
            if (exchange != null) {
                exchange.outcome(result.isDataPresent(), anyData, false);
            }
            return CompletableFuture.completedFuture(result);
        }
        RequestValues values = exchange != null ? exchange.values : valuesOf(parameters);
        String operation = parameters.getOperation() == null ? "(anonymous operation)" : parameters.getOperation();
        List<GraphQLError> errors = new ArrayList<>();
        boolean inputRejected = result.getErrors().stream().anyMatch(ErrorPolicy::isInputError);
        if (inputRejected && exchange != null) {
            var malformed = ScalarFormatCheck.firstProblem(parameters.getSchema(), exchange.document, exchange.variables);
            if (malformed.isPresent()) {
                ApiException.Problem problem = malformed.get();
                errors.add(error(problem.path() + ": " + problem.message(), ErrorType.ValidationError, null,
                        Map.of("code", ErrorCode.BAD_USER_INPUT.name(), "inputPath", problem.path())));
            }
        }
        boolean unavailable = false;
        if (errors.isEmpty()) {
            for (GraphQLError error : result.getErrors()) {
                // a null forced by a rejected argument is noise next to the error that explains it
                if (inputRejected && error.getErrorType() == ErrorType.NullValueInNonNullableField) {
                    continue;
                }
                GraphQLError coded = coded(error, values);
                unavailable |= ErrorCode.UNAVAILABLE.name().equals(coded.getExtensions().get("code"));
                errors.add(coded);
            }
        }
        logged(errors, operation);
        Map<Object, Object> extensions = new LinkedHashMap<>();
        if (result.getExtensions() != null) {
            extensions.putAll(result.getExtensions());
        }
        if (errors.size() > maxErrors) {
            extensions.put("omittedErrors", errors.size() - maxErrors);
            errors = new ArrayList<>(errors.subList(0, maxErrors));
        }
        if (exchange != null) {
            exchange.outcome(result.isDataPresent(), anyData, unavailable);
        }
        return CompletableFuture.completedFuture(ExecutionResultImpl.newExecutionResult().from(result)
                .errors(errors).extensions(extensions.isEmpty() ? null : extensions).build());
    }

    /** Data that is absent, null, or null in every top-level field: the request produced nothing. */
    private static boolean producedData(ExecutionResult result) {
        if (!result.isDataPresent() || result.getData() == null) {
            return false;
        }
        return !(result.getData() instanceof Map<?, ?> data) || data.values().stream().anyMatch(v -> v != null);
    }

    private GraphQLError coded(GraphQLError error, RequestValues values) {
        if (error instanceof ExceptionWhileDataFetching fetching) {
            return fromFailure(error, unwrap(fetching.getException()));
        }
        Object code = error.getExtensions() == null ? null : error.getExtensions().get("code");
        if (code != null && isKnown(code)) {
            Map<String, Object> extensions = new LinkedHashMap<>(error.getExtensions());
            extensions.remove("classification");
            return error(values.scrub(error.getMessage()), ErrorType.DataFetchingException, error, extensions);
        }
        if (error.getErrorType() == ErrorType.ExecutionAborted) {
            // a limit of graphql-java's own refused the request before it ran (good-faith introspection)
            return error(values.scrub(error.getMessage()), ErrorType.ValidationError, error,
                    Map.of("code", ErrorCode.BAD_USER_INPUT.name()));
        }
        if (isInputError(error)) {
            String message = values.scrub(VALUE_IN_MESSAGE.matcher(error.getMessage()).replaceAll(" is not a valid"));
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", ErrorCode.BAD_USER_INPUT.name());
            String path = inputPath(error.getMessage());
            if (path != null) {
                extensions.put("inputPath", path);
            }
            return error(message, ErrorType.ValidationError, error, extensions);
        }
        ErrorLog.get().fault(new IllegalStateException("Unexpected GraphQL error " + error.getErrorType()), "execution");
        return error("Internal error; it has been logged", ErrorType.DataFetchingException, error,
                Map.of("code", ErrorCode.INTERNAL.name()));
    }

    private GraphQLError fromFailure(GraphQLError error, Throwable cause) {
        if (cause instanceof ApiException api) {
            List<Map<String, String>> problems = api.problems().stream()
                    .map(p -> Map.of("path", p.path(), "message", p.message())).toList();
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", api.code().name());
            extensions.put("inputPath", api.inputPath());
            extensions.put("problems", problems);
            extensions.putAll(api.extensions());
            return error(api.getMessage(), ErrorType.DataFetchingException, error, extensions);
        }
        if (cause instanceof ForbiddenException) {
            return error("The roles of your token do not allow this", ErrorType.DataFetchingException, error,
                    Map.of("code", ErrorCode.FORBIDDEN.name()));
        }
        if (cause instanceof UnauthorizedException || cause instanceof AuthenticationFailedException) {
            return error("A valid bearer token is required", ErrorType.DataFetchingException, error,
                    Map.of("code", ErrorCode.UNAUTHENTICATED.name()));
        }
        Failures.Kind kind = Failures.kind(cause);
        String message = switch (kind) {
            case UNAVAILABLE -> "The database is unavailable; nothing was changed by this field, retry shortly";
            case CONTENTION -> "The change collided with a concurrent one and was rolled back whole; retry it";
            case TIMEOUT -> "The request took longer than the limit of " + requestTimeout.toMillis()
                    + " ms and was cancelled; ask for less, or retry later";
            case DATA -> "A value lies outside what the service can store";
            case ARGUMENT -> "An argument is not a valid value of its type (out of range or malformed)";
            case FAULT -> "Internal error; it has been logged";
        };
        if (kind == Failures.Kind.FAULT || kind == Failures.Kind.DATA) {
            ErrorLog.get().fault(cause, String.valueOf(error.getPath()));
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", Failures.code(kind).name());
        if (kind == Failures.Kind.TIMEOUT || kind == Failures.Kind.CONTENTION) {
            extensions.put("reason", kind.name());
        }
        if ((kind == Failures.Kind.DATA || kind == Failures.Kind.ARGUMENT) && error.getPath() != null) {
            extensions.put("inputPath", String.join(".", error.getPath().stream().map(String::valueOf).toList()));
        }
        return error(message, ErrorType.DataFetchingException, error, extensions);
    }

    private static void logged(List<GraphQLError> errors, String operation) {
        for (GraphQLError error : errors) {
            Object code = error.getExtensions().get("code");
            if (!ErrorCode.INTERNAL.name().equals(code)) {
                ErrorLog.get().clientError(String.valueOf(code), operation, error.getMessage());
            }
        }
    }

    static GraphQLError error(String message, ErrorType type, GraphQLError original, Map<String, Object> extensions) {
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError().message(message).errorType(type)
                .extensions(extensions);
        if (original != null) {
            builder.locations(original.getLocations()).path(original.getPath());
        }
        return builder.build();
    }

    private static boolean isKnown(Object code) {
        for (ErrorCode known : ErrorCode.values()) {
            if (known.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    static boolean isInputError(GraphQLError error) {
        return error.getErrorType() == ErrorType.ValidationError || error.getErrorType() == ErrorType.InvalidSyntax;
    }

    private static String inputPath(String message) {
        if (message == null) {
            return null;
        }
        Matcher argument = ARGUMENT.matcher(message);
        if (argument.find()) {
            return argument.group(1);
        }
        Matcher variable = VARIABLE.matcher(message);
        return variable.find() ? variable.group(1) : null;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** For a request that did not come through the HTTP gate. */
    private static RequestValues valuesOf(InstrumentationExecutionParameters parameters) {
        try {
            return RequestValues.of(Parser.parse(parameters.getQuery()), parameters.getVariables());
        } catch (RuntimeException e) {
            return RequestValues.of(graphql.language.Document.newDocument().build(), parameters.getVariables());
        }
    }
}
