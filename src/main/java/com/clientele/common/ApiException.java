package com.clientele.common;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.GraphQLException;

import java.util.List;
import java.util.Map;

/**
 * An error the client caused and can act on. Checked on purpose, so that a service method declares
 * what a client may be told. The GraphQL error policy turns it into an error with {@code extensions.code},
 * {@code extensions.inputPath} and {@code extensions.problems}; every other exception is masked, so
 * nothing unexpected (SQL, stack traces, personal data) reaches a client.
 */
public abstract class ApiException extends GraphQLException {

    private final List<Problem> problems;
    private final Map<String, Object> extensions;

    protected ApiException(List<Problem> problems) {
        this(problems, Map.of());
    }

    protected ApiException(List<Problem> problems, Map<String, Object> extensions) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
        this.extensions = Map.copyOf(extensions);
    }

    /** Work that may refuse its input with an {@link ApiException}. */
    @FunctionalInterface
    public interface Checked<T> {
        T get() throws ApiException;
    }

    /** The result of {@code work} as a Uni, or its refusal as the Uni's failure (for use inside pipelines). */
    public static <T> Uni<T> uni(Checked<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** More about the error for the client, beside code, inputPath and problems (e.g. a rule's column). */
    public Map<String, Object> extensions() {
        return extensions;
    }

    public abstract ErrorCode code();

    public List<Problem> problems() {
        return problems;
    }

    /** The input path of the first problem, e.g. {@code purchases[3].lines[0].quantity}. */
    public String inputPath() {
        return problems.get(0).path();
    }

    private static String summary(List<Problem> problems) {
        Problem first = problems.get(0);
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "";
        return first.path() + ": " + first.message() + more;
    }

    /** One thing wrong with one input value. Messages never echo the value itself. */
    public record Problem(String path, String message) {
    }
}
