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
        // $3, the customers aggregates read, is null: everyone
        Tuple arguments = Tuple.of(Times.utc(asOf), compiled.parameters().toArray(String[]::new), null);
        String count = RuleSql.ARGUMENTS + "select count(*) filter (where " + compiled.predicate() + ") as selected, "
                + "count(*) as population from " + compiled.from();
        String members = RuleSql.ARGUMENTS + "select " + CustomerReader.COLUMNS + " from " + RuleSql.Compiled.from(true)
                + " where " + compiled.predicate() + " order by cm.customer_id limit $4";
        long started = System.nanoTime();
        return pool.withTransaction(conn -> limits(conn)
                        .chain(() -> conn.preparedQuery(count).execute(arguments))
                        .chain(counted -> conn.preparedQuery(members).execute(Tuple.of(Times.utc(asOf),
                                        compiled.parameters().toArray(String[]::new), null, sample))
                                .map(rows -> {
                                    List<CustomerNode> customers = new ArrayList<>();
                                    rows.forEach(r -> customers.add(CustomerReader.toNode(r)));
                                    var counts = counted.iterator().next();
                                    return new SegmentPreview(counts.getLong("selected").intValue(),
                                            counts.getLong("population").intValue(), customers,
                                            (int) ((System.nanoTime() - started) / 1_000_000), asOf,
                                            RuleApi.ParsedRule.of(rule));
                                })))
                .onFailure(PreviewService::isTimeout).transform(e -> new UnavailableException("rule",
                        "the preview ran longer than " + config.segments().previewTimeout().toMillis() + " ms "
                                + "(clientele.segments.preview-timeout) and was cancelled; narrow the rule or retry later",
                        Map.of("reason", "TIMEOUT")));
    }

    /**
     * Nothing a preview runs can write, no statement of it runs longer than the preview timeout, and the
     * customers of an aggregate condition fit in a hash table (hashed set tests instead of rescans).
     */
    private Uni<Void> limits(SqlConnection conn) {
        long millis = Math.min(config.segments().previewTimeout().toMillis(), config.limits().requestTimeout().toMillis());
        return conn.query(READ_ONLY).execute()
                .chain(() -> conn.preparedQuery(TIMEOUT).execute(Tuple.of(String.valueOf(millis))))
                .chain(() -> conn.query(WORK_MEM).execute())
                .replaceWithVoid();
    }

    private static boolean isTimeout(Throwable failure) {
        return "57014".equals(WriteFailures.sqlState(failure));
    }
}
