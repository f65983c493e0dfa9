package com.clientele.common;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Splits the rows of one batched page query into a Relay connection per parent ("owner"), in the
 * parents' order. The query returns, per owner, a column {@code owner}, its {@code total_count}, and its
 * page rows (at most {@code first + 1}); an owner without rows comes back once with a null {@code id}.
 */
public final class PagesPerOwner {

    private PagesPerOwner() {
    }

    @FunctionalInterface
    public interface ConnectionFactory<E, C> {
        C create(List<E> edges, PageInfo pageInfo, int totalCount);
    }

    public static <T, E, C> List<C> split(List<Long> owners, RowSet<Row> rows, Function<Row, T> node,
                                          PageRequest page, String cursorKind, Function<T, String> key,
                                          BiFunction<String, T, E> edge, ConnectionFactory<E, C> connection) {
        Map<Long, List<T>> nodes = new HashMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        rows.forEach(r -> {
            long owner = r.getLong("owner");
            counts.put(owner, r.getLong("total_count").intValue());
            List<T> list = nodes.computeIfAbsent(owner, k -> new ArrayList<>());
            if (r.getValue("id") != null) {
                list.add(node.apply(r));
            }
        });
        return owners.stream().map(owner -> {
            PageRequest.Slice<T> slice = page.slice(nodes.getOrDefault(owner, List.of()));
            List<String> cursors = slice.rows().stream().map(n -> PageRequest.cursor(cursorKind, key.apply(n))).toList();
            List<E> edges = new ArrayList<>(cursors.size());
            for (int i = 0; i < cursors.size(); i++) {
                edges.add(edge.apply(cursors.get(i), slice.rows().get(i)));
            }
            String end = cursors.isEmpty() ? null : cursors.get(cursors.size() - 1);
            return connection.create(edges, new PageInfo(slice.hasNextPage(), end), counts.getOrDefault(owner, 0));
        }).toList();
    }
}
