package com.clientele.segment;

import com.clientele.rule.CompiledRules;
import com.clientele.rule.CustomerFacts;
import com.clientele.rule.Rule;
import com.clientele.rule.RuleEvaluator;
import com.clientele.rule.RulePrinter;
import com.clientele.rule.RuleSql;
import com.clientele.segment.rules.CustomerFactsReader;
import com.clientele.segment.rules.RuleLanguage;
import com.clientele.segment.rules.SegmentRules;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.segment.Shop.line;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in segment's rule form (Segment.rule, written over metrics with the settings of the day)
 * selects exactly the members the engine computed with its own SQL, on generated shops whose customers
 * are drawn to hit every behaviour; and the in-memory evaluator behind explanations agrees with both.
 * One seed runs with changed settings, so the settings' values in the rules are exercised too.
 */
@QuarkusTest
class BuiltInRuleFormsTest extends Pins {

    private static final String SETTINGS = """
            mutation($s: SegmentSettingsInput!) { updateSegmentSettings(settings: $s) { window } }""";

    @Inject
    SegmentRules rules;

    @Inject
    SegmentCatalogue catalogue;

    @Inject
    RuleLanguage language;

    @Inject
    CustomerFactsReader facts;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void eachBuiltInRuleSelectsTheEngineMembers(int seed) {
        String era = (1900 + 7 * seed) + "-03-01T00:00:00Z";
        Shop shop = generated(new Shop(era), new Random(seed));
        Map<String, Object> changed = Map.of("discountShare", "0.5", "mobileShare", "0.75", "recentDays", 45,
                "lapsedAfterDays", 60, "loyalMinOrders", 4, "focusShare", "0.7", "researchVisits", "2.5", "impulseMinutes", 30,
                "bigSpenderOrderTotal", "400");
        if (seed == 2) {
            graphql(SETTINGS, Map.of("s", changed)).body("errors", nullValue());
        }
        try {
            shop.recompute();
            compare(shop, Instant.parse(era));
        } finally {
            if (seed == 2) {
                graphql(SETTINGS, Map.of("s", Map.of("discountShare", "0.6", "mobileShare", "0.6", "recentDays", 30,
                        "lapsedAfterDays", 90, "loyalMinOrders", 6, "focusShare", "0.8", "researchVisits", "3",
                        "impulseMinutes", 15, "clearBigSpenderOrderTotal", true))).body("errors", nullValue());
            }
        }
    }

    private void compare(Shop shop, Instant asOf) {
        List<String> keys = new ArrayList<>();
        catalogue.ofFamily(null).await().indefinitely().stream()
                .filter(s -> s.family() != SegmentFamily.CUSTOM).forEach(s -> keys.add(s.key()));
        Map<String, Rule> forms = rules.of(keys).await().indefinitely();
        assertEquals(new TreeSet<>(keys), new TreeSet<>(forms.keySet()), "every built-in has a rule form");

        Map<String, Set<String>> engine = new HashMap<>();
        Map<Long, String> customers = new HashMap<>();
        pool.preparedQuery("select c.id, c.external_id, m.segment_key from customer c "
                        + "left join segment_membership m on m.customer_id = c.id where c.external_id like $1")
                .execute(Tuple.of(shop.id("%"))).await().indefinitely().forEach(r -> {
                    customers.put(r.getLong("id"), r.getString("external_id"));
                    if (r.getString("segment_key") != null) {
                        engine.computeIfAbsent(r.getString("segment_key"), k -> new TreeSet<>()).add(r.getString("external_id"));
                    }
                });
        Map<Long, CustomerFacts> known = facts.read(new ArrayList<>(customers.keySet()), asOf).await().indefinitely();
        RuleSql compiler = new RuleSql(language.fields());
        RuleEvaluator evaluator = new RuleEvaluator();
        int told = 0;
        for (String key : keys) {
            Rule rule = forms.get(key);
            RuleSql.Compiled compiled = compiler.compile(rule);
            Set<String> bySql = new TreeSet<>();
            CompiledRules.select(pool, compiled, asOf, customers.keySet(), false).forEach(id -> bySql.add(customers.get(id)));
            Set<String> restricted = new TreeSet<>();
            CompiledRules.select(pool, compiled, asOf, customers.keySet(), true).forEach(id -> restricted.add(customers.get(id)));
            assertEquals(bySql, restricted, key + " restricted to the shop: " + RulePrinter.print(rule));
            Set<String> byJava = new TreeSet<>();
            known.forEach((id, f) -> {
                if (evaluator.matches(rule, f)) {
                    byJava.add(customers.get(id));
                }
            });
            Set<String> members = engine.getOrDefault(key, Set.of());
            assertEquals(members, bySql, key + ": " + RulePrinter.print(rule));
            assertEquals(members, byJava, key + " (evaluator): " + RulePrinter.print(rule));
            told += members.isEmpty() || members.size() == customers.size() ? 0 : 1;
        }
        assertTrue(told >= 25, "the data must tell customers apart in most segments: " + told + " of " + keys.size());
    }

    /** Sixty customers, each drawn towards one behaviour, all written through the API. */
    private static Shop generated(Shop shop, Random random) {
        for (int c = 0; c < 60; c++) {
            String name = "c" + c;
            shop.customer(name, "kind", random.nextInt(10) == 0 ? "BUSINESS" : "CONSUMER",
                    "registered", random.nextInt(5) != 0, "acquisitionSource", random.nextInt(8) == 0 ? "SOCIAL" : "DIRECT");
            String device = random.nextInt(3) == 0 ? "DESKTOP" : (random.nextBoolean() ? "MOBILE_APP" : "MOBILE_WEB");
            int profile = random.nextInt(8);
            int visits = 0;
            if (profile == 0) { // browsing only
                for (; visits < random.nextInt(4); visits++) {
                    shop.visit(name, name + "-v" + visits, random.nextDouble() * 40, "device", device,
                            "addedToCart", random.nextInt(3) == 0);
                }
                continue;
            }
            int orders = profile == 1 ? 1 : 1 + random.nextInt(profile == 2 ? 14 : 6);
            for (int o = 0; o < orders; o++) {
                double daysAgo = profile == 3 ? 300 + random.nextDouble() * 500 : random.nextDouble() * (profile == 2 ? 360 : 150);
                List<Map<String, Object>> lines = new ArrayList<>();
                for (int l = 0; l <= random.nextInt(3); l++) {
                    lines.add(line("s" + l, profile == 4 && random.nextBoolean() ? 12 : 1 + random.nextInt(3),
                            (1 + random.nextInt(profile == 5 ? 600 : 150)) + ".25",
                            "category", random.nextInt(5) == 0 ? "other" : (profile == 6 ? "shoes" : "cat" + random.nextInt(3)),
                            "onPromotion", random.nextInt(4) == 0));
                }
                List<Object> fields = new ArrayList<>(List.of("device", random.nextInt(4) == 0 ? "DESKTOP" : device,
                        "source", random.nextInt(3) == 0 ? "SOCIAL" : "EMAIL"));
                if (random.nextInt(5) == 0) {
                    fields.addAll(List.of("couponCode", "SAVE"));
                }
                if (profile == 7 || random.nextInt(4) == 0) { // a visit before the order: quick, or after research
                    int research = random.nextInt(4);
                    for (int r = 0; r < research; r++) {
                        shop.visit(name, name + "-v" + visits++, daysAgo + 1 + random.nextDouble() * 12, "device", device);
                    }
                    String visit = name + "-v" + visits++;
                    shop.visit(name, visit, daysAgo + random.nextInt(40) / 1440.0, "device", device,
                            "addedToCart", random.nextBoolean());
                    fields.addAll(List.of("visitExternalId", visit));
                }
                shop.orderWithLines(name, daysAgo, lines, fields.toArray());
            }
            if (random.nextInt(3) == 0) { // a cart left in the last month, maybe ordered after
                shop.visit(name, name + "-v" + visits++, random.nextDouble() * 40, "device", device, "addedToCart", true);
            }
        }
        return shop.save();
    }
}
