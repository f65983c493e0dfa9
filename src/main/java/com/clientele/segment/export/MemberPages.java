package com.clientele.segment.export;

import com.clientele.common.ClienteleConfig;
import com.clientele.common.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a segment's members a page at a time, in customer id order, after the last id seen (a keyset walk
 * over the index {@code segment_membership_key (segment_key, customer_id)}, merged with the customer primary
 * key). Each page is one statement in its own short transaction on a pooled connection: nothing holds a
 * snapshot, a lock or a connection between pages, however slowly the client reads. The price is that a long
 * export is not a snapshot: a customer who joins or leaves meanwhile may or may not appear, but none appears
 * twice.
 */
@ApplicationScoped
class MemberPages {

    /**
     * {@code c.id > $2} repeats the keyset for the customer side: PostgreSQL does not carry a range across a
     * join, and without it a merge join reads the customer index from its start on every page (measured at a
     * million customers: 950 ms for a page past the middle instead of 8 ms).
     */
    private static final String PAGE = """
            select m.customer_id, c.external_id, c.email, c.name, c.country, c.marketing_consent, m.since, m.detail
            from segment_membership m join customer c on c.id = m.customer_id
            where m.segment_key = $1 and m.customer_id > $2 and c.id > $2 and (c.marketing_consent or not $3)
            order by m.customer_id limit $4""";
    /**
     * Keeps the page on the ordered index walk, for the page's transaction only. Near a segment's end the
     * planner expects few rows and prefers to collect them all (bitmap scan, sort, parallel workers): 300 ms a
     * page at a million customers where the ordered walk takes 8 to 50 ms (bench/export, docs/export.md).
     */
    private static final String ORDERED_WALK = """
            select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true),
                   set_config('max_parallel_workers_per_gather', '0', true)""";

    private final Pool pool;
    private final int size;

    MemberPages(Pool pool, ClienteleConfig config) {
        this.pool = pool;
        this.size = config.export().pageSize();
    }

    /** Members a page holds; a shorter page is the last. */
    int size() {
        return size;
    }

    /** The next page of the export: members with a customer id above {@code afterId}. */
    Uni<List<ExportedMember>> after(ExportRequest request, long afterId) {
        Tuple arguments = Tuple.of(request.key(), afterId, request.consentOnly(), size);
        return pool.withTransaction(connection -> connection.query(ORDERED_WALK).execute()
                .chain(() -> connection.preparedQuery(PAGE).execute(arguments))).map(rows -> {
            List<ExportedMember> members = new ArrayList<>(rows.size());
            for (Row r : rows) {
                members.add(new ExportedMember(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), r.getBoolean(5), Times.instant(r.getOffsetDateTime(6)), r.getString(7)));
            }
            return members;
        });
    }
}
