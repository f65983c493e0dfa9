package com.clientele.segment.feed;

import com.clientele.common.ApiException;
import com.clientele.common.ApiException.Problem;
import com.clientele.common.BadUserInputException;
import com.clientele.common.ClienteleConfig;
import com.clientele.common.PageInfo;
import com.clientele.segment.MembershipChangeConnection;
import com.clientele.segment.MembershipChangeConnection.MembershipChangeEdge;
import com.clientele.segment.MembershipChangeNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The pull feed: pages of the commit-ordered change log, and the checks its arguments share with the subscription. */
@ApplicationScoped
public class ChangeFeed {

    /** The largest page, as API.md sets it. */
    public static final int MAX_FIRST = 10_000;
    /** A key is known when it names a segment, or when the log holds changes of it (a deleted segment's exits). */
    private static final String UNKNOWN_KEYS = """
            select k.key from unnest($1::text[]) k(key)
            where not exists (select 1 from segment_definition d where d.key = k.key)
              and not exists (select 1 from membership_change h where h.segment_key = k.key)""";

    private final ChangeLog log;
    private final Pool pool;
    private final ClienteleConfig config;

    public ChangeFeed(ChangeLog log, Pool pool, ClienteleConfig config) {
        this.log = log;
        this.pool = pool;
        this.config = config;
    }

    public Uni<MembershipChangeConnection> page(List<String> keys, String after, Integer first) {
        return ApiException.uni(() -> new Request(pageSize(first), after == null ? ChangePosition.START
                        : ChangePosition.parse(after, "after")))
                .chain(request -> segments(keys).chain(segments -> log.after(request.after, segments, request.first + 1)
                        .map(page -> connection(page.changes(), request.first, segments))));
    }

    /**
     * The keys as a feed reads them: null for every segment, else without repeats, each naming a segment
     * or changes in the log; anything else is refused with its path.
     */
    public Uni<List<String>> segments(List<String> keys) {
        if (keys == null) {
            return Uni.createFrom().nullItem();
        }
        return ApiException.uni(() -> distinct(keys)).chain(distinct -> pool.preparedQuery(UNKNOWN_KEYS)
                .execute(Tuple.of(distinct.toArray(String[]::new)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(distinct);
                    }
                    Set<String> unknown = new LinkedHashSet<>();
                    rows.forEach(r -> unknown.add(r.getString(0)));
                    List<Problem> problems = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        if (unknown.contains(keys.get(i))) {
                            problems.add(new Problem("keys[" + i + "]", "is not a segment key"));
                        }
                    }
                    return Uni.createFrom().failure(new BadUserInputException(problems));
                }));
    }

    private List<String> distinct(List<String> keys) throws BadUserInputException {
        if (keys.isEmpty()) {
            throw new BadUserInputException("keys", "names no segment; omit it for every segment");
        }
        int missing = keys.indexOf(null);
        if (missing >= 0) {
            throw new BadUserInputException("keys[" + missing + "]", "must be a segment key, not null");
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        if (distinct.size() > config.feed().maxKeys()) {
            throw new BadUserInputException("keys", "names " + distinct.size() + " segments; at most "
                    + config.feed().maxKeys());
        }
        return distinct;
    }

    private static int pageSize(Integer first) throws BadUserInputException {
        int size = first == null ? 100 : first;
        if (size < 0 || size > MAX_FIRST) {
            throw new BadUserInputException("first", "must be between 0 and " + MAX_FIRST);
        }
        return size;
    }

    private MembershipChangeConnection connection(List<MembershipChangeNode> changes, int first, List<String> segments) {
        boolean more = changes.size() > first;
        List<MembershipChangeEdge> edges = (more ? changes.subList(0, first) : changes).stream()
                .map(change -> new MembershipChangeEdge(change.id(), change)).toList();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new MembershipChangeConnection(edges, new PageInfo(more, end), () -> log.count(segments));
    }

    private record Request(int first, ChangePosition after) {
    }
}
