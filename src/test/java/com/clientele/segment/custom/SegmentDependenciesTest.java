package com.clientele.segment.custom;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The graph of segments naming segments, on small graphs worked out by hand. */
class SegmentDependenciesTest {

    @Test
    void ranksFollowTheLongestChainOfCustomSegmentsAndIgnoreBuiltIns() {
        SegmentDependencies graph = new SegmentDependencies(Map.of(
                "a", Set.of("LOYAL"),
                "b", Set.of("a", "NEW"),
                "c", Set.of("a", "b"),
                "d", Set.of()));
        assertEquals(Optional.empty(), graph.cycle());
        assertEquals(Map.of("a", 1, "b", 2, "c", 3, "d", 1), graph.ranks());
        assertEquals(Set.of("b", "c"), graph.dependentsOf("a"));
        assertEquals(Set.of("c"), graph.dependentsOf("b"));
        assertEquals(Set.of(), graph.dependentsOf("d"));
        assertEquals(Set.of("b", "c"), graph.directDependentsOf("a"));
    }

    @Test
    void aCircleIsFoundWithItsPath() {
        assertEquals(Optional.of(List.of("a", "a")), new SegmentDependencies(Map.of("a", Set.of("a"))).cycle());
        assertEquals(Optional.of(List.of("a", "b", "c", "a")), new SegmentDependencies(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"))).cycle());
        assertEquals(Optional.of(List.of("b", "c", "b")), new SegmentDependencies(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("b"))).cycle().map(path -> path.subList(0, 3)));
    }
}
