package com.clientele.segment.rules;

import com.clientele.common.ApiException;
import com.clientele.common.BadUserInputException;
import com.clientele.common.NotFoundException;
import com.clientele.customer.CustomerReader;
import com.clientele.rule.CustomerFacts;
import com.clientele.rule.Rule;
import com.clientele.rule.RuleEvaluator;
import com.clientele.rule.RuleInput;
import com.clientele.rule.RuleInputs;
import com.clientele.rule.RulePrinter;
import com.clientele.segment.EvaluationInstant;
import com.clientele.segment.SegmentCatalogue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a customer is or is not selected: the rule (a segment's, built-ins included, or an unsaved one)
 * evaluated node by node over the customer's stored facts by the in-memory evaluator, which property
 * tests hold to the SQL that selects members.
 */
@ApplicationScoped
public class ExplainService {

    private static final String MEMBER = "select exists (select 1 from segment_membership where customer_id = $1 "
            + "and segment_key = $2)";

    private final Pool pool;
    private final RuleLanguage language;
    private final SegmentRules rules;
    private final SegmentCatalogue catalogue;
    private final CustomerReader customers;
    private final CustomerFactsReader facts;
    private final EvaluationInstant instant;
    private final RuleEvaluator evaluator = new RuleEvaluator();

    public ExplainService(Pool pool, RuleLanguage language, SegmentRules rules, SegmentCatalogue catalogue,
                          CustomerReader customers, CustomerFactsReader facts, EvaluationInstant instant) {
        this.pool = pool;
        this.language = language;
        this.rules = rules;
        this.catalogue = catalogue;
        this.customers = customers;
        this.facts = facts;
        this.instant = instant;
    }

    public Uni<Explanation> explain(String customerExternalId, String key, RuleInput input, String text)
            throws BadUserInputException {
        int given = (key != null ? 1 : 0) + (input != null ? 1 : 0) + (text != null ? 1 : 0);
        if (given != 1) {
            throw new BadUserInputException(key != null ? "key" : input != null ? "rule" : "ruleText",
                    "give exactly one of key, rule and ruleText");
        }
        return customers.byExternalId(customerExternalId).chain(customer -> {
            if (customer == null) {
                return Uni.createFrom().failure(new NotFoundException("customerExternalId", "names no customer"));
            }
            return rule(key, input, text).chain(rule -> instant.current().chain(asOf ->
                    facts.read(List.of(customer.dbId()), asOf).chain(read -> member(customer.dbId(), key)
                            .map(member -> explanation(rule, read.get(customer.dbId()), asOf, key, member)))));
        });
    }

    private Uni<Rule> rule(String key, RuleInput input, String text) {
        if (key == null) {
            return catalogue.keys().chain(keys -> ApiException.uni(() -> language.either(input, text, "rule", "ruleText", keys)));
        }
        return catalogue.byKey(key).chain(segment -> segment == null
                ? Uni.createFrom().failure(new NotFoundException("key", "names no segment"))
                : rules.of(key).onItem().ifNull().failWith(() -> new BadUserInputException("key",
                        "this segment has no rule form yet (BIG_SPENDER before any order set its threshold)")));
    }

    private Uni<Boolean> member(long customerId, String key) {
        return key == null ? Uni.createFrom().nullItem()
                : pool.preparedQuery(MEMBER).execute(Tuple.of(customerId, key)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    private Explanation explanation(Rule rule, CustomerFacts customer, Instant asOf, String key, Boolean member) {
        List<ExplainNode> preOrder = new ArrayList<>();
        ExplainNode root = node(rule, customer, null, preOrder);
        return new Explanation(root.matched(), asOf, key, member, RuleApi.ParsedRule.of(rule), root, preOrder);
    }

    /** The node, numbered in pre-order: it takes the next id, the nodes under it the ones after it. */
    private ExplainNode node(Rule rule, CustomerFacts customer, Integer parent, List<ExplainNode> preOrder) {
        int id = preOrder.size();
        preOrder.add(null); // reserves the id; replaced below
        List<ExplainNode> children = new ArrayList<>();
        ExplainNode.Kind kind;
        String value = null;
        if (rule instanceof Rule.And and) {
            kind = ExplainNode.Kind.AND;
            and.operands().forEach(r -> children.add(node(r, customer, id, preOrder)));
        } else if (rule instanceof Rule.Or or) {
            kind = ExplainNode.Kind.OR;
            or.operands().forEach(r -> children.add(node(r, customer, id, preOrder)));
        } else if (rule instanceof Rule.Not not) {
            kind = ExplainNode.Kind.NOT;
            children.add(node(not.operand(), customer, id, preOrder));
        } else if (rule instanceof Rule.InSegment) {
            kind = ExplainNode.Kind.IN_SEGMENT;
        } else {
            kind = ExplainNode.Kind.CONDITION;
            value = text(evaluator.valueOf(RuleInputs.operandOf(rule), customer));
        }
        ExplainNode node = new ExplainNode(id, parent, kind, RulePrinter.print(rule), evaluator.matches(rule, customer),
                value, children);
        preOrder.set(id, node);
        return node;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
