package com.clientele.rule;

import java.util.List;

/**
 * A rule that does not parse or does not type-check. For the text form it names the 1-based column
 * (the end of the text is its length + 1) and what would have been accepted there; for the typed
 * input, the path of the offending part (e.g. {@code and[1].condition.values[0]}).
 */
public final class RuleException extends Exception {

    private final Integer column;
    private final String path;
    private final List<String> expected;
    private final String problem;

    private RuleException(Integer column, String path, String problem, List<String> expected) {
        super((column != null ? "column " + column : path) + ": " + problem, null, false, false);
        this.column = column;
        this.path = path;
        this.problem = problem;
        this.expected = List.copyOf(expected);
    }

    static RuleException at(int column, String problem, List<String> expected) {
        return new RuleException(column, null, problem, expected);
    }

    static RuleException at(Location location, String problem, List<String> expected) {
        return new RuleException(location.column(), location.path(), problem, expected);
    }

    /** The 1-based column in the rule text, or null for an error of the typed input. */
    public Integer column() {
        return column;
    }

    /** The path in the typed input, or null for an error of the rule text. */
    public String path() {
        return path;
    }

    /** What would have been accepted where the error is (empty when nothing in particular). */
    public List<String> expected() {
        return expected;
    }

    /** The message without its position. */
    public String problem() {
        return problem;
    }

    /** Where in a rule something is: a column of the text, or a path of the typed input. */
    public record Location(Integer column, String path) {
        static Location column(int column) {
            return new Location(column, null);
        }

        static Location path(String path) {
            return new Location(null, path);
        }

        Location child(String segment) {
            return column != null ? this : new Location(null, path.isEmpty() ? segment : path + "." + segment);
        }
    }
}
