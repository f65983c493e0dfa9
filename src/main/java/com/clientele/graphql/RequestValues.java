package com.clientele.graphql;

import com.clientele.common.ApiException.Problem;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values one request sent, from its variables and from the literals of its document:
 * <ul>
 *   <li>text that no field may hold (a NUL character, a lone UTF-16 surrogate) is found here once,
 *       for every argument of every operation, before anything runs; PostgreSQL would refuse the
 *       first and silently store the second as '?';</li>
 *   <li>error messages are scrubbed of every sent value, so that no error echoes personal data back
 *       (graphql-java quotes offending values in its messages).</li>
 * </ul>
 */
final class RequestValues {

    /** Shorter values (two-letter country codes, small numbers) carry no personal data. */
    private static final int MIN_SCRUBBED_LENGTH = 3;
    static final String SCRUBBED = "<value>";

    private final List<String> sent;
    private final Problem invalidText;

    private RequestValues(Set<String> sent, Problem invalidText) {
        this.sent = new ArrayList<>(sent);
        this.sent.sort(Comparator.comparingInt(String::length).reversed());
        this.invalidText = invalidText;
    }

    static RequestValues of(Document document, Map<String, Object> variables) {
        Collector collector = new Collector();
        Map<String, String> argumentOfVariable = new HashMap<>();
        new NodeTraverser().preOrder(new NodeVisitorStub() {
            @Override
            public TraversalControl visitArgument(Argument node, TraverserContext<Node> context) {
                if (node.getValue() instanceof VariableReference ref) {
                    argumentOfVariable.putIfAbsent(ref.getName(), node.getName());
                } else {
                    collector.literal(node.getValue(), node.getName());
                }
                return TraversalControl.ABORT; // its values were walked above
            }
        }, document);
        variables.forEach((name, value) -> collector.json(value, argumentOfVariable.getOrDefault(name, name)));
        return new RequestValues(collector.sent, collector.invalid);
    }

    /** The first text value holding a NUL character or a lone surrogate, with its input path. */
    Optional<Problem> invalidText() {
        return Optional.ofNullable(invalidText);
    }

    /** The message without any value the request sent. */
    String scrub(String message) {
        if (message == null) {
            return null;
        }
        String scrubbed = message;
        for (String value : sent) {
            if (scrubbed.contains(value)) {
                scrubbed = scrubbed.replace(value, SCRUBBED);
            }
        }
        return scrubbed;
    }

    static boolean isValidText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static final class Collector {
        final Set<String> sent = new LinkedHashSet<>();
        Problem invalid;

        void text(String value, String path) {
            if (value.length() >= MIN_SCRUBBED_LENGTH) {
                sent.add(value);
            }
            if (invalid == null && !isValidText(value)) {
                invalid = new Problem(path, "holds a NUL character or an unpaired UTF-16 surrogate; "
                        + "send valid Unicode text");
            }
        }

        void literal(Value<?> value, String path) {
            if (value instanceof StringValue s) {
                text(s.getValue(), path);
            } else if (value instanceof IntValue i) {
                text(i.getValue().toString(), path);
            } else if (value instanceof FloatValue f) {
                text(f.getValue().toString(), path);
            } else if (value instanceof EnumValue e) {
                text(e.getName(), path);
            } else if (value instanceof ArrayValue array) {
                List<Value> items = array.getValues();
                for (int i = 0; i < items.size(); i++) {
                    literal(items.get(i), path + "[" + i + "]");
                }
            } else if (value instanceof ObjectValue object) {
                for (ObjectField field : object.getObjectFields()) {
                    literal(field.getValue(), path + "." + field.getName());
                }
            }
        }

        void json(Object value, String path) {
            if (value instanceof String s) {
                text(s, path);
            } else if (value instanceof Number n) {
                text(n.toString(), path);
            } else if (value instanceof List<?> items) {
                for (int i = 0; i < items.size(); i++) {
                    json(items.get(i), path + "[" + i + "]");
                }
            } else if (value instanceof Map<?, ?> object) {
                object.forEach((k, v) -> {
                    text(String.valueOf(k), path);
                    json(v, path + "." + k);
                });
            }
        }
    }
}
