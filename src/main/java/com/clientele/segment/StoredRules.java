package com.clientele.segment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The compiled predicates stored with custom segments (segment_definition.rule_sql) were written by the
 * rule compiler of the version that saved them. At start-up, before the engine runs, they are compiled
 * again from their canonical text; where the SQL differs it is replaced and a full recompute follows.
 */
public interface StoredRules {

    /** Recompiles every stored rule inside the caller's transaction; how many predicates changed. */
    Uni<Integer> recompile(SqlConnection connection);
}
