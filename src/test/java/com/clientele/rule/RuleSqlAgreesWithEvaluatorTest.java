package com.clientele.rule;

import com.clientele.segment.rules.CustomerFactsReader;
import com.clientele.segment.rules.RuleLanguage;
import com.clientele.segment.SegmentCatalogue;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL compiler and the in-memory evaluator, written apart from each other, select the same
 * customers: for random rules over a generated population (unset values, Unicode names, attributes of
 * every type, orders with lines and cancellations, visits), evaluated at a pinned instant.
 */
@QuarkusTest
class RuleSqlAgreesWithEvaluatorTest {

    private static final Instant AS_OF = Instant.parse("1945-06-01T12:00:00Z"); // an era of its own
    private static final List<String> CATEGORIES = List.of("shoes", "Shoes", "books", "ÜBER", "50%_off");
    private static final List<String> NAMES = List.of("Ann", "ann", "Ünal", "O'Brien", "Zoë 🏃", "", "İpek", "straße");

    @Inject
    Pool pool;

    @Inject
    CustomerFactsReader reader;

    @Inject
    RuleLanguage language;

    @Inject
    SegmentCatalogue catalogue;

    private Set<String> segmentKeys;

    @Test
    void sqlAndTheEvaluatorSelectTheSameCustomersForRandomRules() {
        String prefix = "agree-" + UUID.randomUUID().toString().substring(0, 8);
        population(prefix, new Random(7));
        graphql("mutation($a: DateTime) { recomputeSegments(asOf: $a) { customers } }", Map.of("a", AS_OF.toString()))
                .body("errors", nullValue());
        try {
            List<Long> ids = new ArrayList<>();
            pool.preparedQuery("select id from customer where external_id like $1").execute(Tuple.of(prefix + "%"))
                    .await().indefinitely().forEach(r -> ids.add(r.getLong(0)));
            Map<Long, CustomerFacts> facts = reader.read(ids, AS_OF).await().indefinitely();
            segmentKeys = catalogue.keys().await().indefinitely();
            RuleSql compiler = new RuleSql(language.fields());
            RuleEvaluator evaluator = new RuleEvaluator();
            // sampled outside a jqwik property (Quarkus owns this test's lifecycle): a failure prints its rule
            List<Rule> samples = rules().sampleStream().limit(600).toList();
            int rules = 0;
            int selectedSome = 0;
            for (Rule rule : samples) {
                if (!checks(rule)) {
                    continue; // text no field can hold (a NUL): the checker refuses it before SQL sees it
                }
                rules++;
                RuleSql.Compiled compiled = compiler.compile(rule);
                Set<Long> bySql = CompiledRules.select(pool, compiled, AS_OF, ids, false);
                assertEquals(bySql, CompiledRules.select(pool, compiled, AS_OF, ids, true), "restricted: " + RulePrinter.print(rule));
                Set<Long> byJava = new TreeSet<>();
                facts.forEach((id, f) -> {
                    if (evaluator.matches(rule, f)) {
                        byJava.add(id);
                    }
                });
                assertEquals(byJava, bySql, RulePrinter.print(rule));
                selectedSome += bySql.isEmpty() || bySql.size() == facts.size() ? 0 : 1;
            }
            assertTrue(selectedSome > rules / 4, "the rules must tell customers apart: " + selectedSome + " of " + rules);
        } finally {
            pool.query("update segment_state set pinned_as_of = null").execute().await().indefinitely();
        }
    }

    private boolean checks(Rule rule) {
        try {
            language.parse(RulePrinter.print(rule), "rule", segmentKeys);
            return true;
        } catch (com.clientele.common.BadUserInputException e) {
            return false;
        }
    }

    /** Rules over the fields and aggregates, with values drawn near the population's own. */
    private Arbitrary<Rule> rules() {
        Arbitrary<Rule> leaf = Arbitraries.oneOf(RuleTrees.conditions(), nearData());
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(leaf,
                inner.list().ofMinSize(2).ofMaxSize(3).map(Rule.And::new),
                inner.list().ofMinSize(2).ofMaxSize(3).map(Rule.Or::new),
                inner.map(Rule.Not::new)), 2);
    }

    private static Arbitrary<Rule> nearData() {
        Arbitrary<Value> money = Arbitraries.of("0", "10", "25.5", "100", "250", "1000").map(Value.Num::of);
        Arbitrary<Value> count = Arbitraries.integers().between(0, 6).map(n -> (Value) new Value.Num(BigDecimal.valueOf(n)));
        Arbitrary<Rule.Comparison> comparison = Arbitraries.of(Rule.Comparison.class);
        Arbitrary<Operand> counts = Arbitraries.oneOf(
                Arbitraries.of("orderCount", "ordersInWindow", "age", "rfm.recency", "visitsLast30Days").map(Operand.Field::new),
                Combinators.combine(Arbitraries.of(Operand.AggregateKind.ORDERS, Operand.AggregateKind.UNITS,
                                Operand.AggregateKind.VISITS), Arbitraries.of(30, 90, 365).injectNull(0.4),
                        Arbitraries.of(CATEGORIES).map(c -> List.<Value>of(new Value.Text(c))).injectNull(0.5))
                        .as((kind, days, category) -> kind == Operand.AggregateKind.VISITS
                                ? new Operand.Aggregate(kind, days, null, null, null, null, null, null)
                                : new Operand.Aggregate(kind, days, category, null, null, null, null, null)));
        Arbitrary<Operand> amounts = Arbitraries.oneOf(
                Arbitraries.of("totalSpend", "spendInWindow", "largestOrderTotal").map(Operand.Field::new),
                Combinators.combine(Arbitraries.of(180, 730).injectNull(0.3),
                        Arbitraries.of(CATEGORIES).map(c -> List.<Value>of(new Value.Text(c))).injectNull(0.5),
                        Arbitraries.of(true, false).injectNull(0.6))
                        .as((days, category, discounted) -> new Operand.Aggregate(Operand.AggregateKind.SPEND, days,
                                category, null, null, null, discounted, null)));
        Arbitrary<Operand> texts = Arbitraries.of("name", "topCategory", "country", "attributes.tier").map(Operand.Field::new);
        Arbitrary<String> needles = Arbitraries.of("an", "ü", "ÜN", "o'b", "%", "_", "🏃", "i", "SS", "shoe", "");
        return Arbitraries.oneOf(
                Combinators.combine(counts, comparison, count).as(Rule.Compare::new),
                Combinators.combine(amounts, comparison, money).as(Rule.Compare::new),
                Combinators.combine(amounts, money, money).as(Rule.Between::new),
                Combinators.combine(texts, Arbitraries.of(Rule.Match.class), needles).as(Rule.TextMatch::new),
                Combinators.combine(texts, comparison, Arbitraries.of(NAMES).map(Value.Text::new)).as(Rule.Compare::new),
                Combinators.combine(texts, Arbitraries.of(true, false)).as(Rule.IsSet::new),
                Combinators.combine(Arbitraries.of("attributes.tier", "attributes.points", "attributes.vip").map(Operand.Field::new),
                        Arbitraries.of(true, false), Arbitraries.<Value>of(new Value.Num(BigDecimal.TEN), new Value.Text("gold"),
                                new Value.Bool(true), new Value.Num(new BigDecimal("2.50"))).list().ofMinSize(1).ofMaxSize(3))
                        .as(Rule.InList::new),
                Combinators.combine(Arbitraries.of("discountedOrderShare", "mobileOrderShare", "topCategoryShare")
                        .map(Operand.Field::new), comparison, Arbitraries.of("0", "0.5", "0.6", "1").map(Value.Num::of))
                        .as(Rule.Compare::new),
                Combinators.combine(Arbitraries.of("device", "source").map(Operand.Field::new), Arbitraries.of(true, false),
                        Arbitraries.of("MOBILE_APP", "DESKTOP", "SOCIAL", "EMAIL").<Value>map(Value.Text::new).list().ofMinSize(1).ofMaxSize(2))
                        .as(Rule.InList::new),
                Combinators.combine(Arbitraries.of("lastOrderAt", "firstSeenAt").map(Operand.Field::new), comparison,
                        Arbitraries.of("1945-01-01", "1944-06-01T10:00:00Z", "1945-05-31").map(Value.Text::new))
                        .as(Rule.Compare::new));
    }

    /** Forty customers written through the API, in random shapes around AS_OF. */
    private static void population(String prefix, Random random) {
        List<Map<String, Object>> customers = new ArrayList<>();
        List<Map<String, Object>> visits = new ArrayList<>();
        List<Map<String, Object>> purchases = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = prefix + "-" + i;
            Map<String, Object> c = new HashMap<>();
            c.put("externalId", id);
            c.put("firstSeenAt", ago(random.nextDouble() * 900));
            if (random.nextInt(4) > 0) {
                c.put("name", NAMES.get(random.nextInt(NAMES.size())));
            }
            if (random.nextBoolean()) {
                c.put("country", random.nextBoolean() ? "NL" : "DE");
            }
            if (random.nextInt(3) > 0) {
                c.put("birthDate", "19" + (10 + random.nextInt(30)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(9));
            }
            List<Map<String, Object>> attributes = new ArrayList<>();
            switch (random.nextInt(4)) {
                case 0 -> attributes.add(Map.of("key", "tier", "text", random.nextBoolean() ? "gold" : "Ann"));
                case 1 -> attributes.add(Map.of("key", "tier", "number", random.nextBoolean() ? "10" : "2.5"));
                case 2 -> attributes.add(Map.of("key", "vip", "flag", random.nextBoolean()));
                default -> { }
            }
            if (random.nextBoolean()) {
                attributes.add(Map.of("key", "points", "number", String.valueOf(random.nextInt(20))));
            }
            c.put("attributes", attributes);
            customers.add(c);
            for (int v = 0; v < random.nextInt(4); v++) {
                Map<String, Object> visit = new HashMap<>();
                visit.put("externalId", id + "-v" + v);
                visit.put("customerExternalId", id);
                visit.put("startedAt", ago(random.nextDouble() * 60));
                visit.put("device", random.nextBoolean() ? "MOBILE_APP" : "DESKTOP");
                visit.put("addedToCart", random.nextBoolean());
                visits.add(visit);
            }
            for (int o = 0; o < random.nextInt(6); o++) {
                List<Map<String, Object>> lines = new ArrayList<>();
                for (int l = 0; l <= random.nextInt(3); l++) {
                    Map<String, Object> line = new HashMap<>();
                    line.put("sku", "sku-" + random.nextInt(4));
                    line.put("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())));
                    line.put("quantity", 1 + random.nextInt(3));
                    line.put("unitPrice", (5 + random.nextInt(200)) + ".25");
                    line.put("onPromotion", random.nextInt(4) == 0);
                    lines.add(line);
                }
                Map<String, Object> p = new HashMap<>();
                p.put("externalId", id + "-p" + o);
                p.put("customerExternalId", id);
                p.put("orderedAt", ago(random.nextDouble() * (random.nextBoolean() ? 60 : 800)));
                p.put("currency", "EUR");
                p.put("lines", lines);
                p.put("device", random.nextBoolean() ? "MOBILE_APP" : "DESKTOP");
                p.put("source", random.nextBoolean() ? "SOCIAL" : "EMAIL");
                if (random.nextInt(5) == 0) {
                    p.put("couponCode", "C");
                }
                purchases.add(p);
            }
        }
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", Map.of("c", customers))
                .body("errors", nullValue());
        graphql("mutation($v: [VisitInput!]!) { recordVisits(visits: $v) { id } }", Map.of("v", visits))
                .body("errors", nullValue());
        graphql("mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }", Map.of("p", purchases))
                .body("errors", nullValue());
        for (int i = 0; i < purchases.size(); i += 7) { // some cancellations
            graphql("mutation($e: String!) { cancelPurchase(externalId: $e) { id } }",
                    Map.of("e", purchases.get(i).get("externalId"))).body("errors", nullValue());
        }
    }

    private static String ago(double days) {
        return AS_OF.minus(Duration.ofSeconds(Math.round(days * 86_400))).toString();
    }
}
