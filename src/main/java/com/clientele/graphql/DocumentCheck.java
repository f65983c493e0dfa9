package com.clientele.graphql;

import com.clientele.common.ClienteleConfig;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one GraphQL document asks of the service, decided before SmallRye sees it, in time linear in
 * the document's size: fragments are analysed once each and multiplied where they are spread, never
 * expanded. It refuses documents over the limits of {@link ClienteleConfig.Limits}:
 * <ul>
 *   <li>the cost: each selected field costs 1, times the sizes of every list above it ({@link ListSizes});</li>
 *   <li>aliases in the document, repetitions of one field or fragment in one selection set, nesting depth.</li>
 * </ul>
 * graphql-java's own complexity instrumentation can be side-stepped with fragments and runs after
 * SmallRye has done per-field work; this check can be neither.
 */
final class DocumentCheck {

    private final GraphQLSchema schema;
    private final ListSizes sizes;
    private final ClienteleConfig.Limits limits;

    DocumentCheck(GraphQLSchema schema, ListSizes sizes, ClienteleConfig.Limits limits) {
        this.schema = schema;
        this.sizes = sizes;
        this.limits = limits;
    }

    /** The operation that will run, or why the document is refused. */
    sealed interface Verdict permits Accepted, Refused {
    }

    /**
     * @param operation    the operation selected by operationName; null when graphql-java will report
     *                     that none can be selected
     * @param rootFields   names of the operation's top-level fields
     * @param introspection whether it selects {@code __schema} or {@code __type}
     */
    record Accepted(OperationDefinition operation, Set<String> rootFields, boolean introspection, double cost)
            implements Verdict {
        boolean isMutation() {
            return operation != null && operation.getOperation() == OperationDefinition.Operation.MUTATION;
        }
    }

    record Refused(String message, Map<String, Object> extensions) implements Verdict {
    }

    Verdict check(Document document, String operationName, Map<String, Object> variables) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof FragmentDefinition fragment) {
                fragments.putIfAbsent(fragment.getName(), fragment);
            }
        }
        Counter counter = new Counter();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation) {
                counter.selectionSet(operation.getSelectionSet());
            } else if (definition instanceof FragmentDefinition fragment) {
                counter.selectionSet(fragment.getSelectionSet());
            }
        }
        if (counter.aliases > limits.maxAliases()) {
            return new Refused("The document uses " + counter.aliases + " aliases; at most " + limits.maxAliases()
                    + " are allowed", Map.of("aliases", counter.aliases, "limit", limits.maxAliases()));
        }
        if (counter.worstRepetition > limits.maxFieldRepetitions()) {
            return new Refused("'" + counter.worstKey + "' is selected " + counter.worstRepetition
                    + " times in one selection set; at most " + limits.maxFieldRepetitions() + " are allowed",
                    Map.of("repetitions", counter.worstRepetition, "limit", limits.maxFieldRepetitions()));
        }
        OperationDefinition operation = select(document, operationName);
        if (operation == null) {
            return new Accepted(null, Set.of(), false, 0);
        }
        Walk walk = new Walk(fragments, variables);
        GraphQLObjectType root = switch (operation.getOperation()) {
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
            default -> schema.getQueryType();
        };
        Cost cost;
        try {
            cost = walk.selectionSet(operation.getSelectionSet(), root);
        } catch (FragmentCycle cycle) {
            return new Refused("Fragment '" + cycle.name + "' spreads itself", Map.of());
        }
        if (cost.depth > limits.maxDepth()) {
            return new Refused("The document nests fields " + cost.depth + " deep; at most " + limits.maxDepth()
                    + " levels are allowed", Map.of("depth", cost.depth, "limit", limits.maxDepth()));
        }
        if (cost.units > limits.maxCost()) {
            long shown = cost.units >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) cost.units;
            return new Refused("The request would cost " + shown + " (each field 1, times the page sizes of the lists "
                    + "above it); the limit is " + limits.maxCost() + ". Ask for smaller pages or fewer fields",
                    Map.of("cost", shown, "limit", limits.maxCost()));
        }
        Set<String> rootFields = new LinkedHashSet<>();
        for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
            if (selection instanceof Field field) {
                rootFields.add(field.getName());
            }
        }
        return new Accepted(operation, rootFields, walk.introspection, cost.units);
    }

    private static OperationDefinition select(Document document, String operationName) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operationName == null) {
            return operations.size() == 1 ? operations.get(0) : null;
        }
        return operations.stream().filter(o -> operationName.equals(o.getName())).findFirst().orElse(null);
    }

    /** Units of cost per unit of multiplier, and nesting depth, of a selection set. */
    private record Cost(double units, int depth) {
        static final Cost NONE = new Cost(0, 0);

        Cost plus(Cost other) {
            return new Cost(units + other.units, Math.max(depth, other.depth));
        }
    }

    private static final class FragmentCycle extends RuntimeException {
        final String name;

        FragmentCycle(String name) {
            super(null, null, false, false);
            this.name = name;
        }
    }

    /** The cost walk: each fragment is costed once (per unit of multiplier) and memoised. */
    private final class Walk {
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;
        private final Map<String, Cost> fragmentCosts = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();
        boolean introspection;

        Walk(Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
            this.fragments = fragments;
            this.variables = variables;
        }

        Cost selectionSet(SelectionSet set, GraphQLType parent) {
            Cost total = Cost.NONE;
            if (set == null) {
                return total;
            }
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    total = total.plus(field(field, parent));
                } else if (selection instanceof InlineFragment inline) {
                    GraphQLType on = inline.getTypeCondition() == null ? parent
                            : schema.getType(inline.getTypeCondition().getName());
                    total = total.plus(selectionSet(inline.getSelectionSet(), on));
                } else if (selection instanceof FragmentSpread spread) {
                    total = total.plus(fragment(spread.getName()));
                }
            }
            return total;
        }

        private Cost fragment(String name) {
            Cost known = fragmentCosts.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            if (definition == null) {
                return Cost.NONE; // graphql-java reports the unknown fragment
            }
            if (!inProgress.add(name)) {
                throw new FragmentCycle(name);
            }
            Cost cost = selectionSet(definition.getSelectionSet(), schema.getType(definition.getTypeCondition().getName()));
            inProgress.remove(name);
            fragmentCosts.put(name, cost);
            return cost;
        }

        private Cost field(Field field, GraphQLType parent) {
            if (field.getName().startsWith("__")) {
                // introspection: bounded by graphql-java's good-faith introspection checks, and refused
                // to roles that may not introspect
                introspection |= field.getName().equals("__schema") || field.getName().equals("__type");
                return new Cost(1, 1);
            }
            GraphQLFieldDefinition definition = parent instanceof GraphQLFieldsContainer container
                    ? container.getFieldDefinition(field.getName()) : null;
            if (definition == null) {
                return new Cost(1, 1); // graphql-java reports the unknown field
            }
            GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
            Cost children = selectionSet(field.getSelectionSet(), type);
            double multiplier = sizes.of((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(parent), definition, field, variables);
            double units = 1 + multiplier * children.units;
            return new Cost(Double.isFinite(units) ? units : Double.MAX_VALUE, 1 + children.depth);
        }
    }

    /** Aliases of the whole document, and the most repeated response key or fragment of any selection set. */
    private static final class Counter {
        int aliases;
        int worstRepetition;
        String worstKey;

        void selectionSet(SelectionSet set) {
            if (set == null) {
                return;
            }
            Map<String, Integer> keys = new HashMap<>();
            count(set, keys);
            keys.forEach((key, n) -> {
                if (n > worstRepetition) {
                    worstRepetition = n;
                    worstKey = key;
                }
            });
        }

        /** Inline fragments merge into the selection set around them, so their fields count there. */
        private void count(SelectionSet set, Map<String, Integer> keys) {
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    if (field.getAlias() != null) {
                        aliases++;
                    }
                    keys.merge(field.getAlias() != null ? field.getAlias() : field.getName(), 1, Integer::sum);
                    selectionSet(field.getSelectionSet());
                } else if (selection instanceof InlineFragment inline) {
                    count(inline.getSelectionSet(), keys);
                } else if (selection instanceof FragmentSpread spread) {
                    keys.merge("..." + spread.getName(), 1, Integer::sum);
                }
            }
        }
    }
}
