package com.clientele.segment.custom;

import com.clientele.common.BadUserInputException;
import com.clientele.segment.SegmentNode;
import com.clientele.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

/** Custom segments as admins define them; each change computes the members for everyone before it returns. */
@GraphQLApi
@RolesAllowed(Roles.ADMIN)
public class CustomSegmentApi {

    private final CustomSegmentService segments;

    public CustomSegmentApi(CustomSegmentService segments) {
        this.segments = segments;
    }

    @Mutation
    @Description("Creates a custom segment from a rule (exactly one of segment.rule and segment.ruleText) and computes its "
            + "members for every customer; each one enters, recorded in the history. From then on it is kept current like a "
            + "built-in. A key that exists is a CONFLICT; a rule that does not check is a BAD_USER_INPUT naming its column.")
    public @NonNull Uni<SegmentNode> createSegment(@NonNull SegmentInput segment) throws BadUserInputException {
        return segments.create(segment);
    }

    @Mutation
    @Description("Changes a custom segment's name, description and rule; a changed rule recomputes its members and those "
            + "of the segments that name it, for every customer, recording entries and exits. A rule that would make "
            + "segments name each other in a circle is refused, naming the circle (extensions.cycle).")
    public @NonNull Uni<SegmentNode> updateSegment(@NonNull String key, @NonNull SegmentInput segment)
            throws BadUserInputException {
        return segments.update(key, segment);
    }

    @Mutation
    @Description("Deletes a custom segment: every member leaves (recorded as exits) and its size history goes. Refused with "
            + "CONFLICT while other segments name it in their rules. False when there was no such segment.")
    public @NonNull Uni<Boolean> deleteSegment(@NonNull String key) throws BadUserInputException {
        return segments.delete(key);
    }
}
