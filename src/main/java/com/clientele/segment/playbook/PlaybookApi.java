package com.clientele.segment.playbook;

import com.clientele.security.Roles;
import com.clientele.segment.SegmentNode;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

/** {@code Segment.advice}: the playbook entry of a built-in segment, for the people who plan campaigns. */
@GraphQLApi
@RolesAllowed({Roles.MARKETING, Roles.ADMIN})
public class PlaybookApi {

    @Description("What the segment means and what to do with it; null for custom segments, whose meaning is "
            + "their admins' own.")
    public SegmentAdvice advice(@Source SegmentNode segment) {
        return Playbook.advice(segment.key()).orElse(null);
    }
}
