package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static com.clientele.GraphQLClient.unique;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write's refresh evaluates its customers' custom segments in one statement per rank, which
 * clientele_custom_rank_candidates prepares once per connection and then runs on its kept generic plan: planning
 * it on every write cost more than running it. Across a rolled-back transaction (which forgets that the
 * statement was prepared, but not the statement), and with the connection's bound of left-behind statements
 * reached, the refresh still plans nothing again and still gives the right memberships.
 */
@QuarkusTest
class CustomSegmentPlansTest extends Pins {

    private static final String CUSTOM_STATEMENTS = """
            select name, generic_plans, custom_plans from pg_prepared_statements
            where name like 'clientele\\_custom\\_%' order by name""";
    private static final String REFRESH = "select count(*) from clientele_refresh($1, array(select id from customer where external_id = $2))";
    private static final String MEMBER = """
            select count(*) from segment_membership sm join customer c on c.id = sm.customer_id
            where c.external_id = $1 and sm.segment_key = $2""";

    @Test
    void aWritesRefreshPlansItsCustomSegmentsOncePerConnection() {
        String customer = unique("kept-plans");
        String segment = unique("kept-plans-segment").toLowerCase();
        graphql("mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }",
                Map.of("c", List.of(Map.of("externalId", customer)))).body("errors", nullValue());
        graphql("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }",
                Map.of("s", Map.of("key", segment, "name", "kept plans",
                        "ruleText", "externalId = '" + customer + "' and visits(in last 30 days) = 0")))
                .body("errors", nullValue());
        try {
            List<Row> statements = pool.withConnection(connection -> forgetPreparedStatements(connection)
                    .chain(() -> leaveStatementsBehind(connection, 64))
                    .chain(() -> refresh(connection, customer, "rollback"))
                    .chain(() -> refresh(connection, customer, "commit"))
                    .chain(() -> refresh(connection, customer, "commit"))
                    .chain(() -> connection.query(CUSTOM_STATEMENTS).execute())
                    .map(rows -> {
                        List<Row> list = new ArrayList<>();
                        rows.forEach(list::add);
                        return list;
                    })).await().indefinitely();

            assertFalse(statements.isEmpty(), "the refresh prepares its custom segments' statement");
            for (Row statement : statements) {
                assertFalse(statement.getString("name").startsWith("clientele_custom_left_behind"),
                        "past the bound, the statements left behind are deallocated");
                assertEquals(0L, statement.getLong("custom_plans"), statement.getString("name"));
                assertEquals(3L, statement.getLong("generic_plans"), "one plan, kept for every refresh");
            }
            long members = pool.preparedQuery(MEMBER).execute(Tuple.of(customer, segment)).await().indefinitely()
                    .iterator().next().getLong(0);
            assertEquals(1L, members, "the committed refreshes made the customer a member");
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", segment));
        }
    }

    @Test
    void theCompiledRanksFollowEveryChangeOfTheDefinitions() {
        String segment = unique("compiled-ranks").toLowerCase();
        String create = "mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }";
        String update = "mutation($k: String!, $s: SegmentInput!) { updateSegment(key: $k, segment: $s) { key } }";
        graphql(create, Map.of("s", Map.of("key", segment, "name", "ranks", "ruleText", "totalSpend > 12345")))
                .body("errors", nullValue());
        try {
            Row created = rankOf(segment);
            assertTrue(values(created).contains("12345"), values(created));
            graphql(update, Map.of("k", segment, "s", Map.of("key", segment, "name", "ranks", "ruleText", "totalSpend > 23456")))
                    .body("errors", nullValue());
            Row otherValue = rankOf(segment);
            assertEquals(created.getString("statement_name"), otherValue.getString("statement_name"),
                    "another value is a parameter, not another statement");
            assertTrue(values(otherValue).contains("23456"), values(otherValue));
            graphql(update, Map.of("k", segment, "s", Map.of("key", segment, "name", "ranks", "ruleText", "orders(in last 7 days) >= 3")))
                    .body("errors", nullValue());
            assertNotEquals(created.getString("statement_name"), rankOf(segment).getString("statement_name"),
                    "another rule is another statement");
        } finally {
            graphql("mutation($k: String!) { deleteSegment(key: $k) }", Map.of("k", segment));
        }
        long ranks = pool.preparedQuery("select count(*) from custom_segment_rank where $1 = any(segment_keys)")
                .execute(Tuple.of(segment)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(0L, ranks, "a deleted segment leaves its rank");
    }

    private Row rankOf(String segment) {
        var rows = pool.preparedQuery("select statement_name, rule_parameters::text as parameters "
                        + "from custom_segment_rank where $1 = any(segment_keys)")
                .execute(Tuple.of(segment)).await().indefinitely();
        assertEquals(1, rows.size(), "the segment is in exactly one rank");
        return rows.iterator().next();
    }

    private static String values(Row rank) {
        return rank.getString("parameters");
    }

    /** This connection as new: what other tests prepared on it, and its markers, gone. */
    private static Uni<Void> forgetPreparedStatements(SqlConnection connection) {
        return connection.query(CUSTOM_STATEMENTS).execute().chain(rows -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (Row row : rows) {
                String name = row.getString("name");
                done = done.chain(() -> connection.query("deallocate \"" + name + "\"").execute())
                        .chain(() -> connection.preparedQuery("select set_config($1, '', false)")
                                .execute(Tuple.of("clientele." + name)))
                        .replaceWithVoid();
            }
            return done;
        });
    }

    /** What a long-lived connection holds after its rules were edited many times. */
    private static Uni<Void> leaveStatementsBehind(SqlConnection connection, int count) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (int i = 0; i < count; i++) {
            String sql = "prepare clientele_custom_left_behind_" + i + " as select " + i;
            done = done.chain(() -> connection.query(sql).execute()).replaceWithVoid();
        }
        return done;
    }

    private static Uni<Void> refresh(SqlConnection connection, String customer, String end) {
        return connection.query("begin").execute()
                .chain(() -> connection.preparedQuery(REFRESH).execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC), customer)))
                .chain(rows -> {
                    assertTrue(rows.iterator().next().getLong(0) > 0);
                    return connection.query(end).execute();
                }).replaceWithVoid();
    }
}
