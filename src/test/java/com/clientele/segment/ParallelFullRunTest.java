package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static com.clientele.segment.Shop.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full run computes everyone's metrics with parallel query (clientele_refresh_metrics: CREATE TABLE AS),
 * which PostgreSQL only chooses on large tables. Here it is made to use it on the test database's few
 * thousand rows, and the rows must equal those of the per-customer path, index lookups of each customer.
 * The plan must show workers: PostgreSQL judges the statement by clientele_metrics_rows's own label (it
 * inlines the function after that check), and without "parallel safe" there a full run is back on one core.
 */
@QuarkusTest
class ParallelFullRunTest {

    /**
     * Parallel query priced at nothing, and forced where the planner would still not choose it: the whole plan
     * then runs in a worker, which PostgreSQL only allows when every part of it is parallel safe.
     */
    private static final String FREE_PARALLELISM = """
            select set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true),
                   set_config('min_parallel_table_scan_size', '0', true), set_config('min_parallel_index_scan_size', '0', true),
                   set_config(case when current_setting('server_version_num')::int >= 160000 then 'debug_parallel_query'
                                   else 'force_parallel_mode' end, 'on', true)""";

    @Inject
    Pool pool;

    @Test
    void everyonesMetricsInParallelEqualEachCustomersOwn() {
        writeCustomersWithHistories();
        OffsetDateTime asOf = OffsetDateTime.now(ZoneOffset.UTC);
        // one transaction, rolled back: the full run below rewrites every customer's metrics
        List<Row> result = pool.withConnection(connection -> connection.query("begin").execute()
                .chain(() -> connection.preparedQuery("""
                        create temp table each_customers_own on commit drop as select * from clientele_compute_metrics(
                            $1, array(select id from customer), clientele_current_settings())""")
                        .execute(Tuple.of(asOf)))
                .chain(() -> connection.query(FREE_PARALLELISM).execute())
                // the statement of clientele_refresh_metrics, whose arguments are values there as here
                .chain(() -> connection.preparedQuery("""
                                select clientele_current_settings()::text, clientele_window_starts($1, clientele_current_settings())::text,
                                       clientele_custom_clock()""").execute(Tuple.of(asOf)))
                .map(rows -> rows.iterator().next())
                .chain(arguments -> connection.preparedQuery("""
                                explain select * from clientele_metrics_rows($1, null, $2::clientele_settings,
                                    $3::clientele_window_starts, $4, true)""")
                        .execute(Tuple.of(asOf, arguments.getString(0), arguments.getString(1),
                                arguments.getArrayOfStrings(2))))
                .chain(plan -> {
                    StringBuilder text = new StringBuilder();
                    plan.forEach(row -> text.append(row.getString(0)).append('\n'));
                    assertTrue(text.toString().contains("Workers Planned"), "no parallel plan:\n" + text);
                    return connection.preparedQuery("select clientele_refresh_metrics($1, null, clientele_current_settings())")
                            .execute(Tuple.of(asOf));
                })
                .chain(() -> connection.query("""
                        select (select count(*) from customer),
                               (select count(*) from (table each_customers_own except table customer_metrics) missing),
                               (select count(*) from (table customer_metrics except table each_customers_own) extra)""")
                        .execute())
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                })
                .eventually(() -> connection.query("rollback").execute()))
                .await().indefinitely();
        Row counts = result.get(0);
        assertTrue(counts.getLong(0) >= 40, "customers in the test database: " + counts.getLong(0));
        assertEquals(0L, counts.getLong(1), "rows of the per-customer path that the parallel run did not give");
        assertEquals(0L, counts.getLong(2), "rows of the parallel run that the per-customer path did not give");
    }

    /** Customers with orders, lines, visits and carts over two years, so that every metric has values. */
    private static void writeCustomersWithHistories() {
        Random random = new Random(11);
        Shop shop = new Shop(OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toInstant().toString());
        for (int c = 0; c < 40; c++) {
            String name = "c" + c;
            shop.customer(name, "kind", random.nextInt(8) == 0 ? "BUSINESS" : "CONSUMER");
            int visits = random.nextInt(6);
            double[] visitDaysAgo = new double[visits];
            for (int v = 0; v < visits; v++) {
                visitDaysAgo[v] = 1 + random.nextDouble() * 200;
                shop.visit(name, name + "-v" + v, visitDaysAgo[v],
                        "device", random.nextBoolean() ? "MOBILE_APP" : "DESKTOP", "addedToCart", random.nextInt(3) == 0);
            }
            for (int o = 0, orders = random.nextInt(9); o < orders; o++) {
                List<Map<String, Object>> lines = new ArrayList<>();
                for (int l = 0; l <= random.nextInt(3); l++) {
                    lines.add(line("s" + l, 1 + random.nextInt(3), (1 + random.nextInt(200)) + ".5",
                            "category", "cat" + random.nextInt(3)));
                }
                if (visits > 0 && random.nextBoolean()) { // minutes after a visit: quick when nothing came before it
                    int v = random.nextInt(visits);
                    shop.orderWithLines(name, visitDaysAgo[v] - random.nextInt(30) / 1440.0, lines,
                            "visitExternalId", name + "-v" + v, "device", "MOBILE_WEB");
                } else {
                    shop.orderWithLines(name, random.nextDouble() * 700, lines, "source", "SOCIAL");
                }
            }
        }
        shop.save();
    }
}
