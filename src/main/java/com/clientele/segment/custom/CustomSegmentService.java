package com.clientele.segment.custom;

import com.clientele.common.ApiException;
import com.clientele.common.BadUserInputException;
import com.clientele.common.ClienteleConfig;
import com.clientele.common.ConflictException;
import com.clientele.common.InputCheck;
import com.clientele.common.NotFoundException;
import com.clientele.common.Times;
import com.clientele.rule.Rule;
import com.clientele.rule.RulePrinter;
import com.clientele.rule.RuleSql;
import com.clientele.segment.EvaluationInstant;
import com.clientele.segment.SegmentCatalogue;
import com.clientele.segment.SegmentFamily;
import com.clientele.segment.SegmentNode;
import com.clientele.segment.rules.RuleLanguage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Creates, changes and deletes custom segments. Each operation is one transaction that holds the engine
 * lock exclusively (writes of customer data wait, so no refresh races it over the same memberships):
 * the definition, its members for the whole population (set-based, R__segment_engine.sql), the entries
 * and exits, and the segments that name it, commit together or not at all.
 */
@ApplicationScoped
public class CustomSegmentService {

    static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    static final int MAX_KEY = 64;
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;

    private static final String ENGINE_LOCK = "select pg_advisory_xact_lock(clientele_engine_lock_key())";
    private static final String TIMEOUT = "select set_config('statement_timeout', :timeout, true)";
    private static final String REFRESH = "select clientele_refresh_segments(:asOf, :keys)";
    /** With no candidates, apply lets every member leave (recorded as exits). */
    private static final String EMPTY = "select clientele_apply(:asOf, null, :keys)";
    private static final String FORGET_SIZES = "delete from segment_size_daily where segment_key = :key";

    private final RuleLanguage language;
    private final RuleSql compiler;
    private final EvaluationInstant instant;
    private final SegmentCatalogue catalogue;
    private final Clock clock;
    private final ClienteleConfig config;

    public CustomSegmentService(RuleLanguage language, EvaluationInstant instant, SegmentCatalogue catalogue, Clock clock,
                                ClienteleConfig config) {
        this.language = language;
        this.compiler = new RuleSql(language.fields());
        this.instant = instant;
        this.catalogue = catalogue;
        this.clock = clock;
        this.config = config;
    }

    public Uni<SegmentNode> create(SegmentInput input) throws BadUserInputException {
        check(input);
        return store(input, true).call(catalogue::recount);
    }

    public Uni<SegmentNode> update(String key, SegmentInput input) throws BadUserInputException {
        check(input);
        if (!input.key.equals(key)) {
            throw new BadUserInputException("segment.key", "must equal key: a segment keeps its key");
        }
        return store(input, false);
    }

    /** False when there is no such segment (a repeated delete). */
    public Uni<Boolean> delete(String key) throws BadUserInputException {
        new InputCheck().id("key", key, MAX_KEY).throwIfAny();
        return remove(key).call(catalogue::recount);
    }

    @WithTransaction
    Uni<SegmentNode> store(SegmentInput input, boolean create) {
        return Panache.getSession().chain(session -> exclusive(session)
                .chain(() -> SegmentDefinition.<SegmentDefinition>listAll())
                .chain(all -> ApiException.uni(() -> plan(input, create, all))
                        .chain(plan -> persist(plan, all, input, create)
                                .chain(() -> plan.ruleChanged() ? refresh(session, plan.refreshed()) : Uni.createFrom().voidItem())
                                .replaceWith(plan.segment()))));
    }

    @WithTransaction
    Uni<Boolean> remove(String key) {
        return Panache.getSession().chain(session -> exclusive(session)
                .chain(() -> SegmentDefinition.<SegmentDefinition>listAll())
                .chain(all -> {
                    Map<String, SegmentDefinition> byKey = byKey(all);
                    SegmentDefinition existing = byKey.get(key);
                    if (existing == null) {
                        return Uni.createFrom().item(false);
                    }
                    if (!existing.isCustom()) {
                        return Uni.createFrom().failure(new BadUserInputException("key", "a built-in segment cannot be deleted"));
                    }
                    SortedSet<String> dependents = dependencies(byKey, Map.of()).directDependentsOf(key);
                    if (!dependents.isEmpty()) {
                        return Uni.createFrom().failure(new ConflictException("key", "the rules of "
                                + String.join(", ", dependents) + " name this segment; change or delete them first"));
                    }
                    return instant.current(session)
                            .chain(asOf -> session.createNativeQuery(EMPTY).setParameter("asOf", Times.utc(asOf))
                                    .setParameter("keys", new String[] {key}).getSingleResult())
                            .chain(() -> session.createNativeQuery(FORGET_SIZES).setParameter("key", key).executeUpdate())
                            .chain(() -> existing.delete())
                            .replaceWith(true);
                }));
    }

    /** What a create or update will write, once everything about it is known to be valid. */
    record Plan(SegmentNode segment, String canonical, RuleSql.Compiled compiled, SortedSet<String> named,
                Map<String, Integer> ranks, Set<String> refreshed, boolean ruleChanged) {
    }

    private Plan plan(SegmentInput input, boolean create, List<SegmentDefinition> all) throws ApiException {
        Map<String, SegmentDefinition> byKey = byKey(all);
        SegmentDefinition existing = byKey.get(input.key);
        if (create && existing != null) {
            throw new ConflictException("segment.key", "a segment with this key exists");
        }
        if (!create && existing == null) {
            throw new NotFoundException("key", "names no segment");
        }
        if (!create && !existing.isCustom()) {
            throw new BadUserInputException("key", "a built-in segment cannot be changed (its settings can)");
        }
        long custom = all.stream().filter(SegmentDefinition::isCustom).count();
        if (create && custom >= config.segments().maxCustom()) {
            throw new BadUserInputException("segment", "there are " + custom + " custom segments, the most this service "
                    + "keeps (clientele.segments.max-custom); delete one first");
        }
        // an update may name its own key: the dependency check then refuses it as a circle
        Rule rule = language.either(input.rule, input.ruleText, "segment.rule", "segment.ruleText", byKey.keySet());
        SortedSet<String> named = Rule.segmentsNamed(rule);
        SegmentDependencies graph = dependencies(byKey, Map.of(input.key, named));
        Optional<List<String>> cycle = graph.cycle();
        if (cycle.isPresent()) {
            throw new BadUserInputException(input.rule != null ? "segment.rule" : "segment.ruleText",
                    "the rule would make segments name each other in a circle: " + String.join(" -> ", cycle.get()),
                    Map.of("cycle", cycle.get()));
        }
        String canonical = RulePrinter.print(rule);
        boolean changed = create || !canonical.equals(existing.ruleText);
        Set<String> refreshed = new LinkedHashSet<>();
        refreshed.add(input.key);
        refreshed.addAll(graph.dependentsOf(input.key));
        return new Plan(new SegmentNode(input.key, input.name, SegmentFamily.CUSTOM, input.description), canonical,
                compiler.compile(rule), named, graph.ranks(), refreshed, changed);
    }

    private Uni<Void> persist(Plan plan, List<SegmentDefinition> all, SegmentInput input, boolean create) {
        Instant now = Times.micros(clock.instant());
        Map<String, SegmentDefinition> byKey = byKey(all);
        SegmentDefinition row = create ? new SegmentDefinition() : byKey.get(input.key);
        if (create) {
            row.key = input.key;
            row.family = SegmentDefinition.CUSTOM;
            row.createdAt = now;
        }
        row.name = input.name;
        row.description = input.description;
        row.ruleText = plan.canonical();
        row.ruleSql = plan.compiled().predicate();
        row.ruleParameters = plan.compiled().parameters().toArray(String[]::new);
        row.ruleReadsCustomer = plan.compiled().readsCustomer();
        row.ruleClock = plan.compiled().clock().toArray(String[]::new);
        row.dependsOn = plan.named().toArray(String[]::new);
        row.updatedAt = now;
        plan.ranks().forEach((key, rank) -> (key.equals(input.key) ? row : byKey.get(key)).evaluationRank = rank);
        return (create ? row.persist() : Uni.createFrom().voidItem()).chain(() -> Panache.flush());
    }

    private Uni<Void> refresh(Mutiny.Session session, Set<String> keys) {
        return instant.current(session).chain(asOf -> session.createNativeQuery(REFRESH)
                .setParameter("asOf", Times.utc(asOf)).setParameter("keys", keys.toArray(String[]::new))
                .getSingleResult()).replaceWithVoid();
    }

    /** The engine lock, exclusively, and the long-operation statement timeout for this transaction. */
    private Uni<Void> exclusive(Mutiny.Session session) {
        return session.createNativeQuery(TIMEOUT)
                .setParameter("timeout", String.valueOf(config.limits().longOperationTimeout().toMillis()))
                .getSingleResult()
                .chain(() -> session.createNativeQuery(ENGINE_LOCK).getSingleResult())
                .replaceWithVoid();
    }

    private static SegmentDependencies dependencies(Map<String, SegmentDefinition> byKey, Map<String, Set<String>> changed) {
        Map<String, Set<String>> named = new HashMap<>();
        byKey.values().stream().filter(SegmentDefinition::isCustom)
                .forEach(d -> named.put(d.key, new TreeSet<>(List.of(d.dependsOn))));
        named.putAll(changed);
        return new SegmentDependencies(named);
    }

    private static Map<String, SegmentDefinition> byKey(List<SegmentDefinition> all) {
        return all.stream().collect(Collectors.toMap(d -> d.key, d -> d));
    }

    private static void check(SegmentInput input) throws BadUserInputException {
        InputCheck check = new InputCheck();
        check.id("segment.key", input.key, MAX_KEY);
        if (input.key != null && !input.key.isBlank() && input.key.length() <= MAX_KEY && !SLUG.matcher(input.key).matches()) {
            check.problem("segment.key", "must be a lower-case slug: a-z and 0-9 in groups joined by single dashes");
        }
        check.id("segment.name", input.name, MAX_NAME);
        check.text("segment.description", input.description, MAX_DESCRIPTION);
        check.throwIfAny();
    }
}
