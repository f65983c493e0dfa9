package com.clientele.segment.custom;

import com.clientele.rule.Rule;
import com.clientele.rule.RuleSql;
import com.clientele.segment.StoredRules;
import com.clientele.segment.rules.RuleLanguage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Compiles the stored custom rules again with this version's compiler (see {@link StoredRules}). */
@ApplicationScoped
public class StoredRuleCompiler implements StoredRules {

    private static final Logger LOG = Logger.getLogger(StoredRuleCompiler.class);
    private static final String READ = "select key, rule_text, rule_sql, rule_parameters, rule_reads_customer, rule_clock "
            + "from segment_definition where family = 'CUSTOM'";
    private static final String KEYS = "select key from segment_definition";
    private static final String WRITE = "update segment_definition set rule_sql = $2, rule_parameters = $3, "
            + "rule_reads_customer = $4, rule_clock = $5 where key = $1";

    private final RuleLanguage language;
    private final RuleSql compiler;

    public StoredRuleCompiler(RuleLanguage language) {
        this.language = language;
        this.compiler = new RuleSql(language.fields());
    }

    @Override
    public Uni<Integer> recompile(SqlConnection connection) {
        Set<String> keys = new HashSet<>();
        return connection.query(KEYS).execute().invoke(rows -> rows.forEach(r -> keys.add(r.getString(0))))
                .chain(() -> connection.query(READ).execute())
                .chain(rows -> {
                    List<Tuple> changes = new ArrayList<>();
                    rows.forEach(r -> changed(r, keys, changes));
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    LOG.infof("Recompiled the stored rules of %d custom segments", changes.size());
                    return connection.preparedQuery(WRITE).executeBatch(changes).replaceWith(changes.size());
                });
    }

    private void changed(Row row, Set<String> keys, List<Tuple> changes) {
        String key = row.getString("key");
        try {
            Rule rule = language.parse(row.getString("rule_text"), "rule", keys);
            RuleSql.Compiled compiled = compiler.compile(rule);
            String[] parameters = compiled.parameters().toArray(String[]::new);
            String[] clock = compiled.clock().toArray(String[]::new);
            if (!compiled.predicate().equals(row.getString("rule_sql"))
                    || !Arrays.equals(parameters, row.getArrayOfStrings("rule_parameters"))
                    || compiled.readsCustomer() != row.getBoolean("rule_reads_customer")
                    || !Arrays.equals(clock, row.getArrayOfStrings("rule_clock"))) {
                changes.add(Tuple.of(key, compiled.predicate(), parameters, compiled.readsCustomer(), clock));
            }
        } catch (Exception e) {
            // a rule this version no longer accepts keeps its stored predicate; an admin must change it
            LOG.warnf("The rule of custom segment %s no longer checks (%s); it keeps its stored SQL", key, e.getMessage());
        }
    }
}
