package com.clientele.segment.custom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The graph of custom segments naming each other with {@code inSegment}: which rules would go round in a
 * circle, in which order the engine evaluates them (rank 1 names no custom segment; rank k names ones of
 * lower ranks only), and which segments follow when one changes. Built-ins are no nodes: they name
 * nothing and are computed before every custom segment.
 */
final class SegmentDependencies {

    /** For each custom segment, the custom segments its rule names. */
    private final Map<String, SortedSet<String>> names;

    /** @param namedByCustom each custom segment's named segments (built-in keys among them are ignored) */
    SegmentDependencies(Map<String, ? extends Set<String>> namedByCustom) {
        this.names = new TreeMap<>();
        namedByCustom.forEach((key, named) -> {
            SortedSet<String> custom = new TreeSet<>();
            named.stream().filter(namedByCustom::containsKey).forEach(custom::add);
            names.put(key, custom);
        });
    }

    /** The first circle found, as the keys along it with the first repeated at the end (a -> b -> a). */
    Optional<List<String>> cycle() {
        Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
        for (String start : names.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> found = visit(start, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<List<String>> visit(String key, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(key);
        if (seen != null && seen == 2) {
            return Optional.empty();
        }
        if (seen != null) {
            List<String> circle = new ArrayList<>(path.subList(path.indexOf(key), path.size()));
            circle.add(key);
            return Optional.of(circle);
        }
        state.put(key, 1);
        path.add(key);
        for (String next : names.get(key)) {
            Optional<List<String>> found = visit(next, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(key, 2);
        return Optional.empty();
    }

    /** Each custom segment's evaluation rank; the graph must have no cycle. */
    Map<String, Integer> ranks() {
        Map<String, Integer> ranks = new HashMap<>();
        names.keySet().forEach(key -> rank(key, ranks));
        return ranks;
    }

    private int rank(String key, Map<String, Integer> ranks) {
        Integer known = ranks.get(key);
        if (known != null) {
            return known;
        }
        int rank = 1;
        for (String named : names.get(key)) {
            rank = Math.max(rank, rank(named, ranks) + 1);
        }
        ranks.put(key, rank);
        return rank;
    }

    /** The custom segments whose rules name {@code key}, directly or through others. */
    Set<String> dependentsOf(String key) {
        Set<String> dependents = new LinkedHashSet<>();
        List<String> frontier = new ArrayList<>(List.of(key));
        while (!frontier.isEmpty()) {
            String current = frontier.remove(frontier.size() - 1);
            names.forEach((other, named) -> {
                if (named.contains(current) && dependents.add(other)) {
                    frontier.add(other);
                }
            });
        }
        return dependents;
    }

    /** The custom segments whose rules name {@code key} directly. */
    SortedSet<String> directDependentsOf(String key) {
        SortedSet<String> direct = new TreeSet<>();
        names.forEach((other, named) -> {
            if (named.contains(key)) {
                direct.add(other);
            }
        });
        return direct;
    }
}
