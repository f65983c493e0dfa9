package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a full run has committed, the service vacuums and analyzes what it rewrote, under the long-operation
 * time limit (at a million customers the vacuum outlasted a request's), and gives the pooled connection its
 * request time limit back.
 */
@QuarkusTest
class FullRunTidyTest {

    private static final String LAST_VACUUM =
            "select coalesce(last_vacuum, '-infinity') from pg_stat_user_tables where relname = 'customer_metrics'";

    @Inject
    Pool pool;

    @Test
    void aFullRunIsVacuumedAndEveryPooledConnectionKeepsTheRequestTimeLimit() throws InterruptedException {
        String requestLimit = settingOfEveryConnection().iterator().next();
        OffsetDateTime before = pool.query(LAST_VACUUM).execute().await().indefinitely()
                .iterator().next().getOffsetDateTime(0);

        graphql("mutation { recomputeSegments { customers } }").body("errors", nullValue());

        OffsetDateTime after = before;
        for (int i = 0; i < 300 && !after.isAfter(before); i++) {
            Thread.sleep(100);
            after = pool.query(LAST_VACUUM).execute().await().indefinitely().iterator().next().getOffsetDateTime(0);
        }
        assertTrue(after.isAfter(before), "customer_metrics was not vacuumed after the full run");
        assertEquals(Set.of(requestLimit), settingOfEveryConnection());
    }

    /** statement_timeout as twenty concurrent queries see it: as many as the pool holds connections. */
    private Set<String> settingOfEveryConnection() {
        List<Uni<String>> reads = IntStream.range(0, 20).mapToObj(i -> pool.query(
                        "select current_setting('statement_timeout'), pg_sleep(0.05)").execute()
                .map(rows -> rows.iterator().next().getString(0))).toList();
        return Uni.join().all(reads).andFailFast().await().atMost(Duration.ofSeconds(30)).stream()
                .collect(Collectors.toSet());
    }
}
