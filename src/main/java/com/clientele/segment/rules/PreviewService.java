package com.clientele.segment.rules;

import com.clientele.common.ApiException;
import com.clientele.common.BadUserInputException;
import com.clientele.common.ClienteleConfig;
import com.clientele.common.Times;
import com.clientele.common.UnavailableException;
import com.clientele.common.WriteFailures;
import com.clientele.customer.CustomerNode;
import com.clientele.customer.CustomerReader;
import com.clientele.rule.Rule;
import com.clientele.rule.RuleInput;
import com.clientele.rule.RuleSql;
import com.clientele.segment.EvaluationInstant;
import com.clientele.segment.SegmentCatalogue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counts and samples what an unsaved rule selects: the predicate a saved segment would run, over every
 * customer at the evaluation instant, in a read-only transaction under the preview timeout.
 */
@ApplicationScoped
public class PreviewService {

    private static final String READ_ONLY = "set transaction read only";
    private static final String TIMEOUT = "select set_config('statement_timeout', $1, true)";
    private static final String WORK_MEM = "select set_config('work_mem', '128MB', true)";
    /**
     * An aggregate over a long window groups millions of orders by customer. Grouped as they stream out of
     * purchase_live_customer_ordered (customer order), that takes 0.8 s at a million customers; hashed,
     * which the planner prefers, 2 to 3 s, and parallel workers only add to it on two cores. A short window
     * is sorted instead, which is cheap at its size. jit: compiling costs more than it saves here.
     */
    private static final String GROUP_IN_ORDER = "select set_config('enable_hashagg', 'off', true), "
            + "set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)";
    /** The first selected customers, in id order, walking the primary key (%s: the predicate). */
    private static final String SAMPLE_IN_ORDER = RuleSql.ARGUMENTS + "select " + CustomerReader.COLUMNS + " from "
            + RuleSql.Compiled.from(true) + " where %s order by cm.customer_id limit $4";
    /** The sampled customers by id. */
    private static final String SAMPLE_BY_ID = "select " + CustomerReader.COLUMNS + " from " + RuleSql.Compiled.from(true)
            + " where cm.customer_id = any($1) order by cm.customer_id";

    private final Pool pool;
    private final RuleLanguage language;
    private final RuleSql compiler;
    private final SegmentCatalogue catalogue;
    private final EvaluationInstant instant;
    private final ClienteleConfig config;

    public PreviewService(Pool pool, RuleLanguage language, SegmentCatalogue catalogue, EvaluationInstant instant,
                          ClienteleConfig config) {
        this.pool = pool;
        this.language = language;
        this.compiler = new RuleSql(language.fields());
        this.catalogue = catalogue;
        this.instant = instant;
        this.config = config;
    }

    public Uni<SegmentPreview> preview(RuleInput input, String text, int sample) throws BadUserInputException {
        int maxSample = config.segments().maxSample();
        if (sample < 0 || sample > maxSample) {
            throw new BadUserInputException("sample", "must be between 0 and " + maxSample);
        }
        return catalogue.keys()
                .chain(keys -> ApiException.uni(() -> language.either(input, text, "rule", "ruleText", keys)))
                .chain(rule -> instant.current().chain(asOf -> run(rule, asOf, sample)));
    }

    private Uni<SegmentPreview> run(Rule rule, Instant asOf, int sample) {
        RuleSql.Compiled compiled = compiler.compile(rule);
        // $3, the customers aggregates read, is null: everyone; $4 is the sample's size
        Tuple arguments = Tuple.of(Times.utc(asOf), compiled.parameters().toArray(String[]::new), null, sample);
        Tuple counted = compiled.readsActivity() ? arguments
                : Tuple.of(Times.utc(asOf), compiled.parameters().toArray(String[]::new), null);
        long started = System.nanoTime();
        return pool.withTransaction(conn -> limits(conn, compiled)
                        .chain(() -> conn.preparedQuery(counting(compiled)).execute(counted))
                        .chain(rows -> {
                            Row counts = rows.iterator().next();
                            Uni<List<CustomerNode>> customers = compiled.readsActivity()
                                    ? customers(conn, counts.getArrayOfLongs("sample"))
                                    : conn.preparedQuery(SAMPLE_IN_ORDER.formatted(compiled.predicate()))
                                            .execute(arguments).map(PreviewService::nodes);
                            return customers.map(list -> new SegmentPreview(counts.getLong("selected").intValue(),
                                    counts.getLong("population").intValue(), list,
                                    (int) ((System.nanoTime() - started) / 1_000_000), asOf, RuleApi.ParsedRule.of(rule)));
                        }))
                .onFailure(PreviewService::isTimeout).transform(e -> new UnavailableException("rule",
                        "the preview ran longer than " + config.segments().previewTimeout().toMillis() + " ms "
                                + "(clientele.segments.preview-timeout) and was cancelled; narrow the rule or retry later",
                        Map.of("reason", "TIMEOUT")));
    }

    /**
     * The statement that counts. Over metrics and fields alone it is a (parallel) scan, and the sample is a
     * second statement that walks the primary key until it has enough: cheap. A rule with an aggregate builds
     * the aggregate's set of customers, which costs most of a second at a million customers, so that
     * statement builds it once and also collects the sample from the selected customers it keeps.
     */
    private static String counting(RuleSql.Compiled compiled) {
        if (!compiled.readsActivity()) {
            return RuleSql.ARGUMENTS + "select count(*) filter (where " + compiled.predicate() + ") as selected, "
                    + "count(*) as population from " + compiled.from();
        }
        return RuleSql.ARGUMENTS + ", selected as materialized (select cm.customer_id from " + compiled.from()
                + " where " + compiled.predicate() + ") select (select count(*) from selected) as selected, "
                + "(select count(*) from customer_metrics) as population, "
                + "array(select customer_id from selected order by customer_id limit $4) as sample";
    }

    private static Uni<List<CustomerNode>> customers(SqlConnection conn, Long[] ids) {
        return ids.length == 0 ? Uni.createFrom().item(List.of())
                : conn.preparedQuery(SAMPLE_BY_ID).execute(Tuple.tuple().addArrayOfLong(ids)).map(PreviewService::nodes);
    }

    private static List<CustomerNode> nodes(Iterable<Row> rows) {
        List<CustomerNode> customers = new ArrayList<>();
        rows.forEach(r -> customers.add(CustomerReader.toNode(r)));
        return customers;
    }

    /**
     * Nothing a preview runs can write, no statement of it runs longer than the preview timeout, and the
     * customers of an aggregate condition fit in a hash table (hashed set tests instead of rescans).
     */
    private Uni<Void> limits(SqlConnection conn, RuleSql.Compiled compiled) {
        long millis = Math.min(config.segments().previewTimeout().toMillis(), config.limits().requestTimeout().toMillis());
        Uni<Void> limited = conn.query(READ_ONLY).execute()
                .chain(() -> conn.preparedQuery(TIMEOUT).execute(Tuple.of(String.valueOf(millis))))
                .chain(() -> conn.query(WORK_MEM).execute())
                .replaceWithVoid();
        return compiled.readsActivity() ? limited.chain(() -> conn.query(GROUP_IN_ORDER).execute()).replaceWithVoid() : limited;
    }

    private static boolean isTimeout(Throwable failure) {
        return "57014".equals(WriteFailures.sqlState(failure));
    }
}
