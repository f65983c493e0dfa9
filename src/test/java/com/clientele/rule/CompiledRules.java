package com.clientele.rule;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Runs a compiled rule the two ways the service does: for everyone (previews, creation) and for a few (writes). */
public final class CompiledRules {

    private CompiledRules() {
    }

    /**
     * The customers among {@code among} that the predicate selects at {@code asOf}: with aggregates reading
     * only those customers' purchases and visits ({@code restricted}, as the refresh after a write does) or
     * everyone's (as previews and creation do).
     */
    public static Set<Long> select(Pool pool, RuleSql.Compiled compiled, Instant asOf, Collection<Long> among,
                                   boolean restricted) {
        Long[] ids = among.toArray(Long[]::new);
        Set<Long> selected = new TreeSet<>();
        pool.preparedQuery(RuleSql.ARGUMENTS + "select cm.customer_id from " + compiled.from()
                        + " where cm.customer_id = any($4) and " + compiled.predicate())
                .execute(Tuple.of(asOf.atOffset(ZoneOffset.UTC), compiled.parameters().toArray(String[]::new),
                        restricted ? ids : null, ids))
                .await().indefinitely().forEach(r -> selected.add(r.getLong(0)));
        return selected;
    }
}
