package com.clientele.segment;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

@Name("MembershipChange")
@Description("One entry to or exit from a segment. The id is unique and stable, for de-duplication, and is the change's "
        + "position in the feed (opaque; `after` takes it). customerExternalId is null once the customer has been "
        + "erased: the change stays, so the feed keeps no gap, but nothing identifies anyone.")
public record MembershipChangeNode(@Id @NonNull String id, String customerExternalId, @NonNull String key,
                                   boolean entered, @NonNull Instant at) {
}
