package com.clientele.rule;

import com.clientele.rule.RuleException.Location;
import com.clientele.rule.RuleFields.Operator;
import com.clientele.rule.RuleInput.RuleConditionInput;
import com.clientele.rule.RuleInput.RuleValueInput;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Converts between the typed form ({@link RuleInput}, {@link RuleNode}) and the tree. The typed form
 * describes exactly the trees of the text form: an input is checked with the same rules as a text,
 * its errors named by input path, and every tree has one typed form.
 */
public final class RuleInputs {

    private static final List<String> NODE_KINDS = List.of("and", "or", "not", "inSegment", "condition");

    private final RuleChecker checker;
    private final RuleLimits limits;

    public RuleInputs(RuleFields fields, Predicate<String> segmentExists, RuleLimits limits) {
        this.checker = new RuleChecker(fields, segmentExists);
        this.limits = limits;
    }

    /** The checked tree of an input; errors name their path under {@code path} (e.g. {@code segment.rule}). */
    public Rule toTree(RuleInput input, String path) throws RuleException {
        return new Reading().rule(input, Location.path(path), 0);
    }

    private final class Reading {
        private int conditions;

        Rule rule(RuleInput input, Location at, int depth) throws RuleException {
            if (input == null) {
                throw RuleException.at(at, "a rule node is required", NODE_KINDS);
            }
            if (depth > limits.maxDepth()) {
                throw RuleException.at(at, "a rule nests at most " + limits.maxDepth() + " deep", List.of());
            }
            int set = (input.and != null ? 1 : 0) + (input.or != null ? 1 : 0) + (input.not != null ? 1 : 0)
                    + (input.inSegment != null ? 1 : 0) + (input.condition != null ? 1 : 0);
            if (set != 1) {
                throw RuleException.at(at, "set exactly one of and, or, not, inSegment and condition", NODE_KINDS);
            }
            if (input.and != null) {
                return new Rule.And(group(input.and, at.child("and"), depth));
            }
            if (input.or != null) {
                return new Rule.Or(group(input.or, at.child("or"), depth));
            }
            if (input.not != null) {
                return new Rule.Not(rule(input.not, at.child("not"), depth + 1));
            }
            counted(at);
            if (input.inSegment != null) {
                checker.inSegment(input.inSegment, at.child("inSegment"));
                return new Rule.InSegment(input.inSegment);
            }
            return condition(input.condition, at.child("condition"));
        }

        private List<Rule> group(List<RuleInput> inputs, Location at, int depth) throws RuleException {
            if (inputs.size() < 2) {
                throw RuleException.at(at, "holds at least two rules", List.of());
            }
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                rules.add(rule(inputs.get(i), Location.path(at.path() + "[" + i + "]"), depth + 1));
            }
            return rules;
        }

        private void counted(Location at) throws RuleException {
            if (++conditions > limits.maxConditions()) {
                throw RuleException.at(at, "a rule holds at most " + limits.maxConditions() + " conditions", List.of());
            }
        }

        private Rule condition(RuleConditionInput input, Location at) throws RuleException {
            if ((input.field == null) == (input.aggregate == null)) {
                throw RuleException.at(at, "set exactly one of field and aggregate", List.of("field", "aggregate"));
            }
            if (input.operator == null) {
                throw RuleException.at(at.child("operator"), "an operator is required", List.of());
            }
            Operand operand = input.field != null ? new Operand.Field(input.field) : aggregate(input.aggregate, at.child("aggregate"));
            RuleFields.Type type = checker.operand(operand, at.child(input.field != null ? "field" : "aggregate"));
            List<RuleValueInput> given = input.values == null ? List.of() : input.values;
            int[] arity = arity(input.operator);
            if (given.size() < arity[0] || given.size() > arity[1]) {
                throw RuleException.at(at.child("values"), RuleChecker.word(input.operator) + " takes "
                        + (arity[0] == arity[1] ? arity[0] : "at least " + arity[0]) + " value" + (arity[1] == 1 ? "" : "s"),
                        List.of());
            }
            List<Value> values = new ArrayList<>();
            List<Location> valuesAt = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                Location valueAt = Location.path(at.child("values").path() + "[" + i + "]");
                values.add(value(given.get(i), valueAt));
                valuesAt.add(valueAt);
            }
            checker.condition(input.operator, values, operand, type, new RuleChecker.Parts(at.child("operator"), valuesAt));
            return build(operand, input.operator, values, valuesAt);
        }

        private Rule build(Operand operand, Operator operator, List<Value> values, List<Location> at) throws RuleException {
            return switch (operator) {
                case EQ, NE, LT, LE, GT, GE ->
                        new Rule.Compare(operand, Rule.Comparison.values()[operator.ordinal()], values.get(0));
                case BETWEEN -> new Rule.Between(operand, values.get(0), values.get(1));
                case IN, NOT_IN -> new Rule.InList(operand, operator == Operator.NOT_IN, values);
                case CONTAINS, STARTS_WITH, ENDS_WITH -> {
                    if (!(values.get(0) instanceof Value.Text text)) {
                        throw RuleException.at(at.get(0), RuleChecker.word(operator) + " takes a string", List.of("text"));
                    }
                    yield new Rule.TextMatch(operand, Rule.Match.values()[operator.ordinal() - Operator.CONTAINS.ordinal()],
                            text.value());
                }
                case IS_SET, IS_NOT_SET -> new Rule.IsSet(operand, operator == Operator.IS_NOT_SET);
            };
        }

        private Operand.Aggregate aggregate(RuleInput.RuleAggregateInput input, Location at) throws RuleException {
            if (input.kind == null) {
                throw RuleException.at(at.child("kind"), "the kind of aggregate is required",
                        List.of("ORDERS", "SPEND", "UNITS", "VISITS"));
            }
            return new Operand.Aggregate(input.kind, input.inLastDays, texts(input.category, at.child("category")),
                    texts(input.sku, at.child("sku")), texts(input.device, at.child("device")),
                    texts(input.source, at.child("source")), input.discounted, input.addedToCart);
        }

        private static List<Value> texts(List<String> values, Location at) throws RuleException {
            if (values == null) {
                return null;
            }
            if (values.isEmpty()) {
                throw RuleException.at(at, "holds at least one value, or is left out", List.of());
            }
            return values.stream().map(v -> (Value) new Value.Text(v)).toList();
        }

        private static Value value(RuleValueInput input, Location at) throws RuleException {
            int set = input == null ? 0 : (input.text != null ? 1 : 0) + (input.number != null ? 1 : 0) + (input.flag != null ? 1 : 0);
            if (set != 1) {
                throw RuleException.at(at, "set exactly one of text, number and flag", List.of("text", "number", "flag"));
            }
            return input.text != null ? new Value.Text(input.text)
                    : input.number != null ? new Value.Num(input.number) : new Value.Bool(input.flag);
        }
    }

    /** How many values an operator takes: at least, at most. */
    private static int[] arity(Operator operator) {
        return switch (operator) {
            case BETWEEN -> new int[] {2, 2};
            case IN, NOT_IN -> new int[] {1, Integer.MAX_VALUE};
            case IS_SET, IS_NOT_SET -> new int[] {0, 0};
            default -> new int[] {1, 1};
        };
    }

    /** The typed form of a tree. */
    public static RuleNode toNode(Rule rule) {
        if (rule instanceof Rule.And and) {
            return new RuleNode(and.operands().stream().map(RuleInputs::toNode).toList(), null, null, null, null);
        }
        if (rule instanceof Rule.Or or) {
            return new RuleNode(null, or.operands().stream().map(RuleInputs::toNode).toList(), null, null, null);
        }
        if (rule instanceof Rule.Not not) {
            return new RuleNode(null, null, toNode(not.operand()), null, null);
        }
        if (rule instanceof Rule.InSegment in) {
            return new RuleNode(null, null, null, in.key(), null);
        }
        Operand operand = operandOf(rule);
        RuleNode.Aggregate aggregate = operand instanceof Operand.Aggregate a ? new RuleNode.Aggregate(a.kind(),
                a.inLastDays(), texts(a.category()), texts(a.sku()), texts(a.device()), texts(a.source()),
                a.discounted(), a.addedToCart()) : null;
        String field = operand instanceof Operand.Field f ? f.name() : null;
        List<RuleNode.Literal> values = RuleChecker.valuesOf(rule).stream().map(RuleInputs::literal).toList();
        return new RuleNode(null, null, null, null,
                new RuleNode.Condition(field, aggregate, RuleChecker.operatorOf(rule), values));
    }

    /** The tree's nodes in pre-order, each naming its parent. */
    public static List<RulePart> toParts(Rule rule) {
        List<RulePart> parts = new ArrayList<>();
        addParts(rule, null, parts);
        return parts;
    }

    private static void addParts(Rule rule, Integer parentId, List<RulePart> parts) {
        int id = parts.size();
        if (rule instanceof Rule.And and) {
            parts.add(new RulePart(id, parentId, RulePart.Kind.AND, null, null));
            and.operands().forEach(operand -> addParts(operand, id, parts));
        } else if (rule instanceof Rule.Or or) {
            parts.add(new RulePart(id, parentId, RulePart.Kind.OR, null, null));
            or.operands().forEach(operand -> addParts(operand, id, parts));
        } else if (rule instanceof Rule.Not not) {
            parts.add(new RulePart(id, parentId, RulePart.Kind.NOT, null, null));
            addParts(not.operand(), id, parts);
        } else if (rule instanceof Rule.InSegment in) {
            parts.add(new RulePart(id, parentId, RulePart.Kind.IN_SEGMENT, in.key(), null));
        } else {
            parts.add(new RulePart(id, parentId, RulePart.Kind.CONDITION, null, toNode(rule).condition()));
        }
    }

    public static Operand operandOf(Rule condition) {
        if (condition instanceof Rule.Compare c) {
            return c.operand();
        }
        if (condition instanceof Rule.Between b) {
            return b.operand();
        }
        if (condition instanceof Rule.InList in) {
            return in.operand();
        }
        if (condition instanceof Rule.TextMatch m) {
            return m.operand();
        }
        return ((Rule.IsSet) condition).operand();
    }

    private static List<String> texts(List<Value> values) {
        return values == null ? null : values.stream().map(v -> ((Value.Text) v).value()).toList();
    }

    private static RuleNode.Literal literal(Value value) {
        if (value instanceof Value.Num num) {
            return new RuleNode.Literal(null, num.value(), null);
        }
        if (value instanceof Value.Text text) {
            return new RuleNode.Literal(text.value(), null, null);
        }
        return new RuleNode.Literal(null, null, ((Value.Bool) value).value());
    }

    /** The input form of a node, for clients that edit a rule they read: the exact inverse of {@link #toNode}. */
    public static RuleInput toInput(RuleNode node) {
        RuleInput input = new RuleInput();
        input.and = node.and() == null ? null : node.and().stream().map(RuleInputs::toInput).toList();
        input.or = node.or() == null ? null : node.or().stream().map(RuleInputs::toInput).toList();
        input.not = node.not() == null ? null : toInput(node.not());
        input.inSegment = node.inSegment();
        if (node.condition() != null) {
            RuleNode.Condition c = node.condition();
            RuleConditionInput condition = new RuleConditionInput();
            condition.field = c.field();
            condition.operator = c.operator();
            condition.values = c.values().stream().map(v -> {
                RuleValueInput value = new RuleValueInput();
                value.text = v.text();
                value.number = v.number();
                value.flag = v.flag();
                return value;
            }).toList();
            if (c.aggregate() != null) {
                RuleInput.RuleAggregateInput a = new RuleInput.RuleAggregateInput();
                a.kind = c.aggregate().kind();
                a.inLastDays = c.aggregate().inLastDays();
                a.category = c.aggregate().category();
                a.sku = c.aggregate().sku();
                a.device = c.aggregate().device();
                a.source = c.aggregate().source();
                a.discounted = c.aggregate().discounted();
                a.addedToCart = c.aggregate().addedToCart();
                condition.aggregate = a;
            }
            input.condition = condition;
        }
        return input;
    }
}
