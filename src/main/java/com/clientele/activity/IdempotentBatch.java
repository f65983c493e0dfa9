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
 * <p>
 * The plan first locks the batch's customers (clientele_lock_customers, migration R__write_locks):
 * requests for the same customers run one after the other, so a concurrent replay of the same batch
 * finds the records stored and returns them, and each refresh sees every committed row.
 *
 * @param customerIds  the customer id of each customer external id of the batch
 * @param storedIds    ids of records already stored under an external id of the batch (replays)
 * @param newItems     indexes of the items to insert: the first occurrence of each new external id
 */
record IdempotentBatch(Map<String, Long> customerIds, Map<String, Long> storedIds, List<Integer> newItems) {

    /** An item of the batch as far as idempotency goes. */
    record Item(String externalId, String customerExternalId, String hash) {
    }

    private static final String CUSTOMERS = "select id, external_id from clientele_lock_customers($1)";

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
                conflicts.add(new Problem(itemPath + ".externalId", "was recorded before with different content"));
            } else if (first != null && !items.get(first).hash().equals(item.hash())) {
                conflicts.add(new Problem(itemPath + ".externalId",
                        "occurs earlier in this batch (" + path + "[" + first + "]) with different content"));
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

    /** The ids an {@code insert ... returning id, external_id} stored, by external id. */
    static Map<String, Long> returnedIds(RowSet<Row> rows) {
        Map<String, Long> ids = new HashMap<>();
        rows.forEach(r -> ids.put(r.getString("external_id"), r.getLong("id")));
        return ids;
    }

    /**
     * Completes the ids an {@code insert ... on conflict do nothing} returned with those it skipped:
     * external ids that another transaction stored after this plan was made (a request for another
     * customer: requests of the same customer serialize). Such a record is judged like any stored
     * one: same content, a replay; other content, a CONFLICT (the batch is then rolled back whole).
     *
     * @param storedSql selects {@code id, external_id, content_hash} of stored records by external ids
     */
    Uni<Map<String, Long>> withConcurrentlyStored(SqlConnection conn, Map<String, Long> inserted, List<Item> items,
                                                  String path, String storedSql) {
        if (inserted.size() == newItems.size()) {
            return Uni.createFrom().item(inserted);
        }
        String[] skipped = newItems.stream().map(i -> items.get(i).externalId()).filter(e -> !inserted.containsKey(e))
                .toArray(String[]::new);
        return conn.preparedQuery(storedSql).execute(Tuple.of(skipped)).chain(stored -> {
            Map<String, Long> ids = new HashMap<>(inserted);
            Map<String, String> hashes = new HashMap<>();
            stored.forEach(r -> {
                ids.put(r.getString("external_id"), r.getLong("id"));
                hashes.put(r.getString("external_id"), HexFormat.of().formatHex(r.getBuffer("content_hash").getBytes()));
            });
            List<Problem> conflicts = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                String hash = hashes.get(item.externalId());
                if (hash != null && !hash.equals(item.hash())) {
                    conflicts.add(new Problem(path + "[" + i + "].externalId",
                            "was recorded by a concurrent request with different content"));
                }
            }
            if (hashes.size() < skipped.length) {
                return Uni.createFrom().failure(new ConflictException(path,
                        "was changed by a concurrent request; nothing was written, retry"));
            }
            return conflicts.isEmpty() ? Uni.createFrom().item(ids)
                    : Uni.createFrom().failure(new ConflictException(conflicts));
        });
    }

    /** The ids of the whole batch in input order, once the new items were stored with {@code newIds}. */
    List<Long> idsInOrder(List<Item> items, Map<String, Long> newIds) {
        return items.stream().map(item -> {
            Long id = storedIds.get(item.externalId());
            return id != null ? id : newIds.get(item.externalId());
        }).toList();
    }
}
