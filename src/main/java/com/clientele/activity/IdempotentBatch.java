package com.clientele.activity;

import com.clientele.common.ApiException.Problem;
import com.clientele.common.BadUserInputException;
import com.clientele.common.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotency rules shared by every ingest of external-id keyed activity, decided inside the
 * ingest's transaction: which items are new, which replay a stored record (same id, same content),
 * and which conflict (same id, other content). Unknown customers are the client's error.
 *
 * @param customerIds  the customer id of each customer external id of the batch
 * @param storedIds    ids of records already stored under an external id of the batch (replays)
 * @param newItems     indexes of the items to insert: the first occurrence of each new external id
 */
record IdempotentBatch(Map<String, Long> customerIds, Map<String, Long> storedIds, List<Integer> newItems) {

    /** An item of the batch as far as idempotency goes. */
    record Item(String externalId, String customerExternalId, String hash) {
    }

    private static final String CUSTOMERS = "select id, external_id from customer where external_id = any($1)";

    /** @param storedSql selects {@code id, external_id, content_hash} of stored records by external ids */
    static Uni<IdempotentBatch> plan(SqlConnection conn, String path, List<Item> items, String storedSql) {
        String[] customers = items.stream().map(Item::customerExternalId).distinct().toArray(String[]::new);
        String[] externalIds = items.stream().map(Item::externalId).distinct().toArray(String[]::new);
        return conn.preparedQuery(CUSTOMERS).execute(Tuple.of(customers)).chain(customerRows -> {
            Map<String, Long> customerIds = new HashMap<>();
            customerRows.forEach(r -> customerIds.put(r.getString("external_id"), r.getLong("id")));
            return conn.preparedQuery(storedSql).execute(Tuple.of(externalIds)).chain(storedRows -> {
                Map<String, Long> storedIds = new HashMap<>();
                Map<String, String> storedHashes = new HashMap<>();
                storedRows.forEach(r -> {
                    storedIds.put(r.getString("external_id"), r.getLong("id"));
                    storedHashes.put(r.getString("external_id"), HexFormat.of().formatHex(r.getBuffer("content_hash").getBytes()));
                });
                return decide(path, items, customerIds, storedIds, storedHashes);
            });
        });
    }

    private static Uni<IdempotentBatch> decide(String path, List<Item> items, Map<String, Long> customerIds,
                                          Map<String, Long> storedIds, Map<String, String> storedHashes) {
        List<Problem> unknown = new ArrayList<>();
        List<Problem> conflicts = new ArrayList<>();
        Map<String, Integer> firstInBatch = new LinkedHashMap<>();
        List<Integer> newItems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (!customerIds.containsKey(item.customerExternalId())) {
                unknown.add(new Problem(itemPath + ".customerExternalId", "names no known customer; upsert the customer first"));
            }
            String stored = storedHashes.get(item.externalId());
            Integer first = firstInBatch.putIfAbsent(item.externalId(), i);
            if (stored != null && !stored.equals(item.hash())) {
                conflicts.add(new Problem(itemPath + ".externalId",
                        "'" + item.externalId() + "' was recorded before with different content"));
            } else if (first != null && !items.get(first).hash().equals(item.hash())) {
                conflicts.add(new Problem(itemPath + ".externalId",
                        "'" + item.externalId() + "' occurs earlier in this batch with different content"));
            } else if (stored == null && first == null) {
                newItems.add(i);
            }
        }
        if (!unknown.isEmpty()) {
            return Uni.createFrom().failure(new BadUserInputException(unknown));
        }
        if (!conflicts.isEmpty()) {
            return Uni.createFrom().failure(new ConflictException(conflicts));
        }
        return Uni.createFrom().item(new IdempotentBatch(customerIds, storedIds, newItems));
    }

    /**
     * The ids of the rows an {@code insert ... on conflict do nothing returning id, external_id} stored.
     * Fewer rows than sent means another transaction stored one of these ids since the plan was made:
     * the batch is rolled back whole and the client retries (then replays or conflicts as usual).
     */
    static Uni<Map<String, Long>> insertedIds(RowSet<Row> rows, int sent, String path) {
        if (rows.rowCount() < sent) {
            return Uni.createFrom().failure(new ConflictException(path,
                    "was changed by a concurrent request; nothing was written, retry"));
        }
        Map<String, Long> ids = new HashMap<>();
        rows.forEach(r -> ids.put(r.getString("external_id"), r.getLong("id")));
        return Uni.createFrom().item(ids);
    }

    /** The ids of the whole batch in input order, once the new items were stored with {@code newIds}. */
    List<Long> idsInOrder(List<Item> items, Map<String, Long> newIds) {
        return items.stream().map(item -> {
            Long id = storedIds.get(item.externalId());
            return id != null ? id : newIds.get(item.externalId());
        }).toList();
    }
}
