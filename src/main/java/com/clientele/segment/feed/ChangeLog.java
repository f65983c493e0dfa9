package com.clientele.segment.feed;

import com.clientele.common.Times;
import com.clientele.segment.MembershipChangeNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads membership_change in commit order, up to the horizon: the oldest transaction still running
 * anywhere in the cluster. Changes of transactions at or above it wait (they may commit below changes
 * already visible); every change below it is final. One indexed range scan per page, by
 * {@code (xid, id)} or, for chosen segments, by {@code (segment_key, xid, id)} per segment, merged
 * (clientele_feed_page in R__change_feed.sql).
 */
@ApplicationScoped
public class ChangeLog {

    /** The oldest transaction still running: changes below it are final. Statements read it once. */
    static final String HORIZON_CTE = "horizon as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xid)";
    private static final String HORIZON = "with " + HORIZON_CTE + " ";
    private static final String COLUMNS = "h.xid::text::bigint as xid, h.id, c.external_id, h.segment_key, h.entered, h.at";
    private static final String PAGE = HORIZON + "select " + COLUMNS + """
             from membership_change h left join customer c on c.id = h.customer_id
            where (h.xid, h.id) > ($1::text::xid8, $2) and h.xid < (select xid from horizon)
            order by h.xid, h.id limit $3""";
    /** Per segment, planned for it (R__change_feed.sql), then merged. */
    private static final String PAGE_OF_SEGMENTS = """
            select h.xid::text::bigint as xid, h.id, h.external_id, h.segment_key, h.entered, h.at
            from clientele_feed_page($1::text::xid8, $2, $3, $4) h order by h.xid, h.id limit $3""";
    /** Each segment's latest final changes, newest first, by the (segment_key, xid, id) index read backwards. */
    private static final String LATEST_OF_SEGMENTS = HORIZON + """
            select k.key as owner, h.* from unnest($1::text[]) as k(key) cross join lateral (
                select h.xid::text::bigint as xid, h.id, c.external_id, h.segment_key, h.entered, h.at
                from membership_change h left join customer c on c.id = h.customer_id
                where h.segment_key = k.key and h.xid < (select xid from horizon)
                order by h.xid desc, h.id desc limit $2) h""";
    /** Whether committed changes wait above the horizon: then a reader must look again soon. */
    private static final String HELD_BACK = HORIZON + """
            select exists (select 1 from membership_change h
                           where h.xid >= (select xid from horizon) and (h.xid, h.id) > ($1::text::xid8, $2)
                             and ($3::text[] is null or h.segment_key = any($3)))""";
    private static final String COUNT = HORIZON + """
            select count(*) from membership_change h
            where h.xid < (select xid from horizon) and ($1::text[] is null or h.segment_key = any($1))""";
    /** The position right below the horizon: after it come exactly the changes that commit from now on. */
    private static final String NOW = "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    private final Pool pool;

    public ChangeLog(Pool pool) {
        this.pool = pool;
    }

    /** At most {@code limit} changes after {@code after}, of the given segments (null: all), in feed order. */
    public Uni<Page> after(ChangePosition after, List<String> keys, int limit) {
        Tuple args = Tuple.of(Long.toString(after.transaction()), after.sequence(), limit);
        String statement = PAGE;
        if (keys != null) {
            args.addArrayOfString(keys.toArray(String[]::new));
            statement = PAGE_OF_SEGMENTS;
        }
        return pool.preparedQuery(statement).execute(args).map(rows -> {
            List<MembershipChangeNode> changes = new ArrayList<>(rows.size());
            ChangePosition last = after;
            for (Row r : rows) {
                changes.add(node(r));
                last = position(r);
            }
            return new Page(changes, last);
        });
    }

    /** The latest {@code limit} changes of each segment, newest first: what a page about the segment shows. */
    public Uni<Map<String, List<MembershipChangeNode>>> latest(List<String> keys, int limit) {
        return pool.preparedQuery(LATEST_OF_SEGMENTS).execute(Tuple.of(keys.toArray(String[]::new), limit)).map(rows -> {
            Map<String, List<MembershipChangeNode>> byKey = new HashMap<>();
            rows.forEach(r -> byKey.computeIfAbsent(r.getString("owner"), k -> new ArrayList<>()).add(node(r)));
            return byKey;
        });
    }

    /** Changes in feed order, and the position of the last one (where the reader was, when there is none). */
    public record Page(List<MembershipChangeNode> changes, ChangePosition last) {
    }

    public Uni<Boolean> heldBack(ChangePosition after, List<String> keys) {
        return pool.preparedQuery(HELD_BACK)
                .execute(Tuple.of(Long.toString(after.transaction()), after.sequence(),
                        keys == null ? null : keys.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** How many changes of the given segments (null: all) the feed serves now, over all pages. */
    public Uni<Long> count(List<String> keys) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(keys == null ? null : keys.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<ChangePosition> now() {
        return pool.query(NOW).execute().map(rows -> new ChangePosition(rows.iterator().next().getLong(0), 0));
    }

    /** A row with xid, id, external_id, segment_key, entered and at, as the API's change. */
    public static MembershipChangeNode node(Row r) {
        return new MembershipChangeNode(position(r).id(),
                r.getString("external_id"), r.getString("segment_key"), r.getBoolean("entered"),
                Times.instant(r.getOffsetDateTime("at")));
    }

    private static ChangePosition position(Row r) {
        return new ChangePosition(r.getLong("xid"), r.getLong("id"));
    }
}
