package com.clientele.segment.statistics;

import com.clientele.security.Roles;
import com.clientele.segment.SegmentNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

import java.util.List;

/** {@code Segment.statistics}: what marketers compare segments by, for every segment of a list in one statement. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class SegmentStatisticsApi {

    private final SegmentStatisticsReader reader;

    public SegmentStatisticsApi(SegmentStatisticsReader reader) {
        this.reader = reader;
    }

    @Description("The segment's share of the shop's customers, orders and revenue in the window, and its average "
            + "order value, as recorded by the last full recompute (daily) or change of this custom segment; null "
            + "until one has recorded them.")
    public Uni<List<SegmentStatistics>> statistics(@Source List<SegmentNode> segments) {
        return reader.latest(segments.stream().map(SegmentNode::key).distinct().toList())
                .map(byKey -> segments.stream().map(s -> byKey.get(s.key())).toList());
    }
}
