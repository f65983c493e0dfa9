package com.clientele.segment.playbook;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** What a built-in segment means and what to do with it: one entry of the {@link Playbook}. */
@Name("SegmentAdvice")
@Description("What a built-in segment means for a marketer, and what to do with it.")
public record SegmentAdvice(
        @NonNull @Description("Who these customers are, in a marketer's words.") String meaning,
        @NonNull @Description("What to aim for with them.") String goal,
        @NonNull @Description("Plays that suit them, the first the one to try first.") List<@NonNull String> actions,
        @NonNull @Description("What to watch to see whether the plays work.") String measure) {

    public SegmentAdvice {
        actions = List.copyOf(actions);
    }
}
