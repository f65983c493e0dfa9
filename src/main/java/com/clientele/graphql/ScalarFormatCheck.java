package com.clientele.graphql;

import com.clientele.common.ApiException;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.idl.TypeUtil;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the exact input path of a malformed date, instant or decimal in a request's variables.
 * SmallRye reports such a value against the whole argument ("argument 'purchases' ... is not a valid
 * ..."), echoing all of it; this names the one value, e.g. {@code purchases[2].orderedAt}.
 */
final class ScalarFormatCheck {

    private static final Map<String, String> EXAMPLES = Map.of(
            "Date", "an ISO-8601 date such as 2026-11-23",
            "DateTime", "an ISO-8601 instant with offset such as 2026-11-23T10:15:00Z",
            "BigDecimal", "a decimal number such as 12.50");

    private ScalarFormatCheck() {
    }

    static Optional<ApiException.Problem> firstProblem(GraphQLSchema schema, Document document, Map<String, Object> variables) {
        try {
            Map<String, String> argumentOf = argumentNames(document);
            for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
                for (VariableDefinition definition : operation.getVariableDefinitions()) {
                    GraphQLType type = schema.getType(TypeUtil.unwrapAll(definition.getType()).getName());
                    String path = argumentOf.getOrDefault(definition.getName(), "$" + definition.getName());
                    Optional<ApiException.Problem> problem = walk(wrap(definition.getType(), type),
                            variables.get(definition.getName()), path);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
            }
        } catch (RuntimeException e) {
            // a document graphql-java cannot use is reported by graphql-java itself
        }
        return Optional.empty();
    }

    /** Rebuilds list and non-null wrappers of a variable's declared type around its named type. */
    private static GraphQLType wrap(graphql.language.Type<?> declared, GraphQLType named) {
        if (declared instanceof graphql.language.NonNullType nonNull) {
            return wrap(nonNull.getType(), named);
        }
        if (declared instanceof graphql.language.ListType list) {
            return GraphQLList.list(wrap(list.getType(), named));
        }
        return named;
    }

    private static Optional<ApiException.Problem> walk(GraphQLType type, Object value, String path) {
        if (value == null) {
            return Optional.empty();
        }
        if (type instanceof GraphQLNonNull nonNull) {
            return walk(nonNull.getWrappedType(), value, path);
        }
        if (type instanceof GraphQLList list && value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                Optional<ApiException.Problem> p = walk(list.getWrappedType(), items.get(i), path + "[" + i + "]");
                if (p.isPresent()) {
                    return p;
                }
            }
        } else if (type instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
            for (var field : object.getFieldDefinitions()) {
                Optional<ApiException.Problem> p = walk(field.getType(), fields.get(field.getName()),
                        path + "." + field.getName());
                if (p.isPresent()) {
                    return p;
                }
            }
        } else if (type instanceof GraphQLScalarType scalar && EXAMPLES.containsKey(scalar.getName())
                && !parses(scalar.getName(), value)) {
            return Optional.of(new ApiException.Problem(path, "is not " + EXAMPLES.get(scalar.getName())));
        }
        return Optional.empty();
    }

    private static boolean parses(String scalar, Object value) {
        try {
            switch (scalar) {
                case "Date" -> LocalDate.parse(value.toString());
                case "DateTime" -> OffsetDateTime.parse(value.toString());
                default -> new BigDecimal(value.toString());
            }
            return true;
        } catch (DateTimeParseException | NumberFormatException e) {
            return false;
        }
    }

    /** Variables used directly as an argument are named after that argument. */
    private static Map<String, String> argumentNames(Document document) {
        Map<String, String> names = new HashMap<>();
        NodeTraverser traverser = new NodeTraverser();
        traverser.preOrder(new NodeVisitorStub() {
            @Override
            public TraversalControl visitArgument(Argument node, TraverserContext<graphql.language.Node> context) {
                if (node.getValue() instanceof VariableReference ref) {
                    names.putIfAbsent(ref.getName(), node.getName());
                }
                return TraversalControl.CONTINUE;
            }
        }, document);
        return names;
    }
}
