package com.clientele.segment.rules;

import com.clientele.common.ApiException;
import com.clientele.common.BadUserInputException;
import com.clientele.rule.Rule;
import com.clientele.segment.SegmentCatalogue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rule of each segment as a checked tree: a custom segment's stored text, a built-in's rule form
 * with today's settings written in (BuiltInRules). Read in three statements for any number of segments.
 */
@ApplicationScoped
public class SegmentRules {

    private static final String CUSTOM_TEXTS = "select key, rule_text from segment_definition where key = any($1) "
            + "and rule_text is not null";
    private static final String SETTINGS = """
            select s.name, s.value, st.big_spender_total from segment_setting s cross join segment_state st""";

    private final Pool pool;
    private final SegmentCatalogue catalogue;
    private final RuleLanguage language;

    public SegmentRules(Pool pool, SegmentCatalogue catalogue, RuleLanguage language) {
        this.pool = pool;
        this.catalogue = catalogue;
        this.language = language;
    }

    /** The rules of the given segments, by key; a segment without a rule form (or none at all) is absent. */
    public Uni<Map<String, Rule>> of(Collection<String> keys) {
        String[] distinct = keys.stream().distinct().toArray(String[]::new);
        Map<String, String> texts = new LinkedHashMap<>();
        return builtInTexts().invoke(builtIn -> {
                    for (String key : distinct) {
                        if (builtIn.containsKey(key)) {
                            texts.put(key, builtIn.get(key));
                        }
                    }
                })
                .chain(() -> pool.preparedQuery(CUSTOM_TEXTS).execute(Tuple.of((Object) distinct)))
                .invoke(rows -> rows.forEach(r -> texts.put(r.getString("key"), r.getString("rule_text"))))
                .chain(() -> catalogue.keys())
                .chain(segmentKeys -> ApiException.uni(() -> parsed(texts, segmentKeys)));
    }

    public Uni<Rule> of(String key) {
        return of(Set.of(key)).map(rules -> rules.get(key));
    }

    private Map<String, Rule> parsed(Map<String, String> texts, Set<String> segmentKeys) throws BadUserInputException {
        Map<String, Rule> rules = new HashMap<>();
        for (Map.Entry<String, String> text : texts.entrySet()) {
            rules.put(text.getKey(), language.parse(text.getValue(), "rule", segmentKeys));
        }
        return rules;
    }

    /** Every built-in rule form with the current settings and big-spender threshold. */
    private Uni<Map<String, String>> builtInTexts() {
        return pool.query(SETTINGS).execute().map(rows -> {
            Map<String, BigDecimal> settings = new HashMap<>();
            BigDecimal[] observed = new BigDecimal[1];
            rows.forEach(r -> {
                settings.put(r.getString("name"), r.getBigDecimal("value"));
                observed[0] = r.getBigDecimal("big_spender_total");
            });
            BigDecimal threshold = settings.get("bigSpenderOrderTotal") != null ? settings.get("bigSpenderOrderTotal")
                    : observed[0];
            return BuiltInRules.texts(settings, threshold);
        });
    }
}
