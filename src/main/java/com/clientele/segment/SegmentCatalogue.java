package com.clientele.segment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The segment catalogue as stored (segment_definition): the built-ins seeded by migration V3 and the
 * custom segments admins created, in catalogue order (built-ins by position, then custom by key).
 */
@ApplicationScoped
public class SegmentCatalogue {

    private static final String COLUMNS = "key, name, family, description";
    private static final String ORDER = " order by position nulls last, key";
    private static final String OF_FAMILY = "select " + COLUMNS + " from segment_definition "
            + "where $1::text is null or family = $1" + ORDER;
    private static final String BY_KEYS = "select " + COLUMNS + " from segment_definition where key = any($1)";
    private static final String KEYS = "select key from segment_definition";
    private static final String COUNT = "select count(*) from segment_definition";

    private final Pool pool;
    /** How many segments there are, as last seen: the cost estimate of Query.segments reads it. */
    private final AtomicInteger count = new AtomicInteger(64);

    public SegmentCatalogue(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<SegmentNode>> ofFamily(SegmentFamily family) {
        return pool.preparedQuery(OF_FAMILY).execute(Tuple.of(family == null ? null : family.name())).map(rows -> {
            List<SegmentNode> segments = new ArrayList<>();
            rows.forEach(r -> segments.add(node(r)));
            if (family == null) {
                count.set(segments.size());
            }
            return segments;
        });
    }

    /** The segments of the given keys that exist, by key. */
    public Uni<Map<String, SegmentNode>> byKeys(Collection<String> keys) {
        return pool.preparedQuery(BY_KEYS).execute(Tuple.of(keys.stream().distinct().toArray(String[]::new)))
                .map(SegmentCatalogue::byKey);
    }

    public Uni<SegmentNode> byKey(String key) {
        return byKeys(List.of(key)).map(found -> found.get(key));
    }

    /** Every key, read with the given client (inside a transaction: what it sees). */
    public Uni<Set<String>> keys(SqlClient client) {
        return client.query(KEYS).execute().map(rows -> {
            Set<String> keys = new HashSet<>();
            rows.forEach(r -> keys.add(r.getString(0)));
            return keys;
        });
    }

    public Uni<Set<String>> keys() {
        return keys(pool);
    }

    /** How many segments there were when last counted; refreshed by {@link #recount()}. */
    public int count() {
        return count.get();
    }

    public Uni<Void> recount() {
        return pool.query(COUNT).execute().invoke(rows -> count.set(rows.iterator().next().getLong(0).intValue()))
                .replaceWithVoid();
    }

    private static Map<String, SegmentNode> byKey(RowSet<Row> rows) {
        Map<String, SegmentNode> found = new HashMap<>();
        rows.forEach(r -> found.put(r.getString("key"), node(r)));
        return found;
    }

    /** The segment of a row with its key (or segment_key), name, family and description. */
    static SegmentNode node(Row r) {
        String key = r.getColumnIndex("key") >= 0 ? r.getString("key") : r.getString("segment_key");
        return new SegmentNode(key, r.getString("name"), SegmentFamily.valueOf(r.getString("family")),
                r.getString("description"));
    }
}
