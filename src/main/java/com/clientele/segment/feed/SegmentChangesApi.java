package com.clientele.segment.feed;

import com.clientele.segment.MembershipChangeNode;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;

import java.util.List;

/**
 * The live feed over GraphQL over WebSocket. Subscriptions are served only to connections whose token
 * holds marketing or admin: the socket checks it before a subscription starts (graphql/SubscriptionSocket),
 * because SmallRye runs subscription resolvers outside the request that opened the socket, where a
 * {@code @RolesAllowed} here would see no identity.
 */
@GraphQLApi
public class SegmentChangesApi {

    private final SegmentChanges changes;

    public SegmentChangesApi(SegmentChanges changes) {
        this.changes = changes;
    }

    @Subscription
    @Description("Every entry to and exit from the given segments as it commits; resumes after a change id, no gaps, "
            + "no duplicates; without after, only changes from now on. Null only in the event that carries the error "
            + "ending a subscription that cannot go on (its keys or after refused, the log unreadable).")
    public Multi<MembershipChangeNode> segmentChanges(List<String> keys, @Id String after) {
        return changes.follow(keys, after);
    }
}
