package com.clientele.customer;

import com.clientele.common.ApiException.Problem;
import com.clientele.common.BadUserInputException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code CustomerFilterInput.inSegment}: the segment keys a customer must be a member of, all of them. At most
 * {@link #MAX_KEYS}, each one that exists (the catalogue, built-in and custom, read from segment_definition);
 * a key named twice counts once. Errors name the input path, e.g. {@code filter.inSegment[2]}.
 */
@ApplicationScoped
class SegmentMembershipFilter {

    static final int MAX_KEYS = 20;
    static final String PATH = "filter.inSegment";
    /** The 1-based positions of the keys that name no segment. */
    private static final String UNKNOWN = """
            select k.position from unnest($1::text[]) with ordinality as k(key, position)
            where not exists (select 1 from segment_definition d where d.key = k.key) order by k.position""";

    private final Pool pool;

    SegmentMembershipFilter(Pool pool) {
        this.pool = pool;
    }

    /** The distinct keys to filter by, in the order given; null when there is nothing to filter by. */
    static List<String> keys(CustomerFilterInput filter) throws BadUserInputException {
        if (filter == null || filter.inSegment == null || filter.inSegment.isEmpty()) {
            return null;
        }
        if (filter.inSegment.size() > MAX_KEYS) {
            throw new BadUserInputException(PATH, "holds " + filter.inSegment.size() + " keys; at most " + MAX_KEYS);
        }
        return filter.inSegment.stream().distinct().toList();
    }

    /** Fails with BAD_USER_INPUT naming every listed key that is not a segment's. */
    Uni<Void> checkExist(List<String> listed) {
        return pool.preparedQuery(UNKNOWN).execute(Tuple.of(listed.toArray(String[]::new))).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
            }
            List<Problem> problems = new ArrayList<>();
            rows.forEach(r -> problems.add(new Problem(PATH + "[" + (r.getLong(0) - 1) + "]", "names no segment")));
            return Uni.createFrom().failure(new BadUserInputException(problems));
        });
    }
}
