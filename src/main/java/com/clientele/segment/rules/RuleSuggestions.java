package com.clientele.segment.rules;

import com.clientele.common.ClienteleConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values for the rule builder's string fields, counted in the data, the most frequent first: country,
 * city, topCategory, and the categories of order lines (for the category filter of orders, spend and
 * units). Counting reads every customer, so a count is served for {@code suggestions-max-age} and then
 * counted again; concurrent callers share one count, and a count that fails leaves the fields without
 * suggestions rather than failing the request.
 */
@ApplicationScoped
public class RuleSuggestions {

    /** A field's suggested values and whether there are more values than listed. */
    public record Values(List<RuleSuggestion> values, boolean cut) {
        static final Values NONE = new Values(List.of(), false);
    }

    static final String CATEGORY = "category";
    private static final Logger LOG = Logger.getLogger(RuleSuggestions.class);
    /** Fixed statements by field: no name a client sent reaches SQL. */
    private static final Map<String, String> COUNTS = Map.of(
            "country", "select country as value, count(*) as n from customer where country is not null group by 1",
            "city", "select city as value, count(*) as n from customer where city is not null group by 1",
            "topCategory", "select top_category as value, count(*) as n from customer_metrics "
                    + "where top_category is not null group by 1",
            CATEGORY, "select category as value, count(*) as n from purchase_line where category is not null group by 1");

    private final Pool pool;
    private final Clock clock;
    private final ClienteleConfig config;
    private volatile Counted counted;
    private volatile Uni<Counted> counting;

    private record Counted(Instant at, Map<String, Values> values) {
    }

    public RuleSuggestions(Pool pool, Clock clock, ClienteleConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    /** The suggestions by field name (CATEGORY for the aggregates' category filter). */
    public Uni<Map<String, Values>> current() {
        Counted last = counted;
        if (last != null && last.at().plus(config.segments().suggestionsMaxAge()).isAfter(clock.instant())) {
            return Uni.createFrom().item(last.values());
        }
        Uni<Counted> running = counting;
        if (running == null) {
            running = count().invoke(c -> counted = c).eventually(() -> { counting = null; }).memoize().indefinitely();
            counting = running;
        }
        return running.map(Counted::values)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Counting rule suggestions failed (%s); ruleFields answers without them", e.getClass().getSimpleName());
                    return Map.of();
                });
    }

    private Uni<Counted> count() {
        int limit = config.segments().suggestions();
        Map<String, Values> values = new LinkedHashMap<>();
        return pool.withTransaction(conn -> { // under the request timeout, like every statement of a request
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Map.Entry<String, String> field : COUNTS.entrySet()) {
                String top = "select value, n from (" + field.getValue() + ") counted order by n desc, value limit $1";
                all = all.chain(() -> conn.preparedQuery(top).execute(Tuple.of(limit + 1)).invoke(rows -> {
                    List<RuleSuggestion> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new RuleSuggestion(r.getString("value"), r.getLong("n").intValue())));
                    boolean cut = found.size() > limit;
                    values.put(field.getKey(), new Values(cut ? found.subList(0, limit) : found, cut));
                }).replaceWithVoid());
            }
            return all;
        }).map(ignored -> new Counted(clock.instant(), new HashMap<>(values)));
    }
}
