package com.clientele.graphql;

import com.clientele.common.InputCheck;
import com.clientele.common.PageRequest;
import com.clientele.segment.feed.ChangeFeed;
import graphql.language.ArrayValue;
import graphql.language.Field;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * How many items a field of the schema returns at most, for the cost of a request:
 * <ul>
 *   <li>a field with {@code first}: its value (or default), at most the page cap; on a connection it
 *       multiplies everything selected under it;</li>
 *   <li>a mutation's result list: as long as the input list (at most a batch);</li>
 *   <li>other lists: the estimates below, documented in the README ({@code Purchase.lines} holds at
 *       most 200 lines but typically a few, so it counts 20; a rule's {@code and} holds a few rules; the
 *       response budget bounds the rest).</li>
 * </ul>
 * Every list field of the schema must be covered here: a test fails for one that is not.
 */
final class ListSizes {

    static final Map<String, Integer> ESTIMATES = Map.ofEntries(
            Map.entry("Purchase.lines", 20),
            Map.entry("Customer.segments", 20),
            Map.entry("Customer.attributes", 10),
            Map.entry("Query.ruleFields", 80),
            Map.entry("RuleNode.and", 4),
            Map.entry("RuleNode.or", 4),
            Map.entry("Rule.nodes", 20),
            Map.entry("RuleCondition.values", 4),
            Map.entry("RuleField.suggestions", 20),
            Map.entry("ExplainNode.children", 4),
            Map.entry("Explanation.nodes", 20),
            Map.entry("SegmentAdvice.actions", 3),
            // counted at the field that returns the preview: its sample argument multiplies what is under it
            Map.entry("SegmentPreview.sample", 1));
    /**
     * Pages larger than {@link PageRequest#MAX_FIRST}, whose items each cost a fraction: the change feed's
     * items are small rows read in the order of one index, so its page of 10,000 counts as 500.
     */
    static final Map<String, LargePage> LARGE_PAGES = Map.of(
            "Query.membershipChanges", new LargePage(ChangeFeed.MAX_FIRST, 1.0 / 20));
    /** Fields whose argument of this name, like a page size, bounds how many items lie under them. */
    static final Map<String, String> SAMPLE_ARGUMENTS = Map.of("Query.previewSegment", "sample");
    static final Map<String, String> INPUT_LISTS = Map.of(
            "Mutation.upsertCustomers", "customers",
            "Mutation.recordPurchases", "purchases",
            "Mutation.recordVisits", "visits");
    static final String SEGMENT_LIST = "Query.segments";
    static final String SIZE_HISTORY = "Segment.sizeHistory";
    /** Days {@code sizeHistory} returns when {@code from} is not given (see SegmentReader). */
    static final int DEFAULT_HISTORY_DAYS = 366;
    static final int MAX_HISTORY_DAYS = 3661;
    /** For a list field that no rule covers (a test keeps this from happening). */
    private static final int UNLISTED = 100;

    private final IntSupplier segmentCount;

    ListSizes(IntSupplier segmentCount) {
        this.segmentCount = segmentCount;
    }

    double of(GraphQLNamedType parent, GraphQLFieldDefinition definition, Field field, Map<String, Object> variables) {
        String key = parent.getName() + "." + definition.getName();
        GraphQLArgument first = definition.getArgument("first");
        if (first != null) {
            LargePage large = LARGE_PAGES.getOrDefault(key, LargePage.NONE);
            return pageSize(first, argument(field, "first"), variables, large.cap()) * large.weight();
        }
        String sample = SAMPLE_ARGUMENTS.get(key);
        if (sample != null) {
            return Math.max(1, pageSize(definition.getArgument(sample), argument(field, sample), variables,
                    PageRequest.MAX_FIRST));
        }
        if (!returnsObjectList(definition)) {
            return 1;
        }
        if (parent.getName().endsWith("Connection")) {
            return 1; // the edges of a page: counted by the page size of the connection
        }
        String input = INPUT_LISTS.get(key);
        if (input != null) {
            int length = listLength(argument(field, input), variables);
            // a longer batch is refused by the service before anything runs, with the path of the list
            return length > InputCheck.MAX_BATCH ? 1 : Math.max(1, length);
        }
        if (key.equals(SEGMENT_LIST)) {
            return segmentCount.getAsInt();
        }
        if (key.equals(SIZE_HISTORY)) {
            return historyDays(argument(field, "from"), argument(field, "to"), variables);
        }
        return ESTIMATES.getOrDefault(key, UNLISTED);
    }

    /** Whether a rule covers the field; for the test that keeps every list field of the schema covered. */
    static boolean covers(GraphQLObjectType parent, GraphQLFieldDefinition definition) {
        String key = parent.getName() + "." + definition.getName();
        return definition.getArgument("first") != null || !returnsObjectList(definition)
                || parent.getName().endsWith("Connection") || ESTIMATES.containsKey(key)
                || INPUT_LISTS.containsKey(key) || key.equals(SEGMENT_LIST) || key.equals(SIZE_HISTORY);
    }

    private static boolean returnsObjectList(GraphQLFieldDefinition definition) {
        GraphQLType type = GraphQLTypeUtil.unwrapNonNull(definition.getType());
        return type instanceof GraphQLList && !GraphQLTypeUtil.isLeaf(GraphQLTypeUtil.unwrapAll(type));
    }

    private static Value<?> argument(Field field, String name) {
        var argument = field.getArguments().stream().filter(a -> a.getName().equals(name)).findFirst();
        return argument.map(a -> (Value<?>) a.getValue()).orElse(null);
    }

    private static Object resolve(Value<?> value, Map<String, Object> variables) {
        if (value instanceof VariableReference ref) {
            return variables.get(ref.getName());
        }
        if (value instanceof IntValue i) {
            return i.getValue();
        }
        if (value instanceof StringValue s) {
            return s.getValue();
        }
        return value;
    }

    /** A page size as the service will apply it; a value it refuses counts as the cap. */
    private static double pageSize(GraphQLArgument first, Value<?> given, Map<String, Object> variables, int cap) {
        Object value = given == null ? defaultValue(first) : resolve(given, variables);
        if (value instanceof Number n) {
            double size = n.doubleValue();
            return size < 0 ? 0 : Math.min(size, cap);
        }
        return cap;
    }

    /** A page cap beyond the usual one, and what each of its items costs. */
    record LargePage(int cap, double weight) {
        static final LargePage NONE = new LargePage(PageRequest.MAX_FIRST, 1);
    }

    private static Object defaultValue(GraphQLArgument argument) {
        if (!argument.hasSetDefaultValue()) {
            return null;
        }
        Object value = argument.getArgumentDefaultValue().getValue();
        return value instanceof IntValue i ? i.getValue() : value;
    }

    private static int listLength(Value<?> given, Map<String, Object> variables) {
        if (given instanceof ArrayValue array) {
            return array.getValues().size();
        }
        return resolve(given, variables) instanceof List<?> list ? list.size() : 1;
    }

    private static double historyDays(Value<?> from, Value<?> to, Map<String, Object> variables) {
        LocalDate start = date(resolve(from, variables));
        LocalDate end = date(resolve(to, variables));
        if (start == null) {
            return DEFAULT_HISTORY_DAYS;
        }
        long days = ChronoUnit.DAYS.between(start, end == null ? LocalDate.now() : end) + 1;
        return Math.max(1, Math.min(days, MAX_HISTORY_DAYS));
    }

    private static LocalDate date(Object value) {
        try {
            return value instanceof String s ? LocalDate.parse(s) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
