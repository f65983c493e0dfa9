package com.clientele.segment.feed;

import com.clientele.common.BadUserInputException;
import com.clientele.common.PageRequest;
import com.clientele.security.Roles;
import com.clientele.segment.MembershipChangeNode;
import com.clientele.segment.SegmentNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import java.util.List;

/**
 * {@code Segment.recentChanges}: a segment's latest entries and exits, newest first, for a page about the
 * segment; the feed itself pages forward from the start. Its newest id is where {@code segmentChanges(after:)}
 * picks up, so a page shows the latest and then follows live without a gap.
 */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class RecentChangesApi {

    private final ChangeLog log;

    public RecentChangesApi(ChangeLog log) {
        this.log = log;
    }

    @Description("The segment's latest entries and exits, newest first (first from 0 to 500): those the change feed "
            + "serves now. Subscribe to segmentChanges after the first one's id to follow on from them.")
    public @NonNull Uni<List<@NonNull List<@NonNull MembershipChangeNode>>> recentChanges(
            @Source List<SegmentNode> segments, @DefaultValue("20") Integer first) throws BadUserInputException {
        PageRequest page = PageRequest.of(first, null, "change");
        return log.latest(segments.stream().map(SegmentNode::key).distinct().toList(), page.first())
                .map(byKey -> segments.stream().map(s -> byKey.getOrDefault(s.key(), List.of())).toList());
    }
}
