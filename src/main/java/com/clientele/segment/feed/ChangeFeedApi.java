package com.clientele.segment.feed;

import com.clientele.segment.MembershipChangeConnection;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.util.List;

/** The marketing tools' pull feed of entries and exits. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class ChangeFeedApi {

    private final ChangeFeed feed;

    public ChangeFeedApi(ChangeFeed feed) {
        this.feed = feed;
    }

    @Query
    @Description("Entries and exits in commit order, resumable after any change id: the marketing tools' pull feed. "
            + "Cursors are change ids; first is capped at 10,000. A client that stores the last id it processed and "
            + "resumes after it receives every change exactly once. Changes appear when every transaction older than "
            + "theirs has ended.")
    public @NonNull Uni<MembershipChangeConnection> membershipChanges(List<String> keys, String after,
                                                                     @DefaultValue("100") Integer first) {
        return feed.page(keys, after, first);
    }
}
