package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real CDNOW history as of 1998-07-01: the engine's lifecycle and RFM group of every one of the
 * 23,570 customers equals the independent, hand-written reference statement of bench/sql.
 * The data is loaded with SQL (the API import is bench/import-cdnow.py), one line per purchase.
 */
@QuarkusTest
class CdnowRecomputeTest extends Pins {

    /** The project's own copy of the data set (src/test/resources/cdnow/README.md). */
    private static final String DATA = "/cdnow/CDNOW_master.txt.gz";
    private static final Path REFERENCE = Path.of("bench/sql/rfm_lifecycle.sql");
    private static final String AS_OF = "1998-07-01T00:00:00Z";


    @Test
    void lifecycleAndRfmOfEveryCdnowCustomerMatchTheReferenceStatement() throws IOException {
        load();
        graphql("mutation($at: DateTime) { recomputeSegments(asOf: $at) { asOf customers } }", Map.of("at", AS_OF))
                .body("errors", nullValue())
                .body("data.recomputeSegments.asOf", equalTo(AS_OF));

        Map<String, String> engine = new TreeMap<>();
        pool.query("""
                select c.external_id, string_agg(m.segment_key, ',' order by m.segment_key) as keys
                from customer c join segment_membership m on m.customer_id = c.id
                where c.external_id like 'cdnow-%' and (m.segment_key in (select segment_key from rfm_group)
                      or m.segment_key in ('PROSPECT','NEW','LOST','LAPSED','ONE_TIME','LOYAL','REGULAR','OCCASIONAL'))
                group by c.external_id""").execute().await().indefinitely()
                .forEach(r -> engine.put(r.getString("external_id"), r.getString("keys")));

        String reference = Files.readString(REFERENCE).replace(":'as_of'", "$1").trim();
        reference = reference.substring(0, reference.length() - 1); // the closing semicolon
        Map<String, String> expected = new TreeMap<>();
        for (Row r : pool.preparedQuery(reference)
                .execute(Tuple.of(OffsetDateTime.parse(AS_OF))).await().indefinitely()) {
            if (r.getString("external_id").startsWith("cdnow-")) {
                String group = r.getString("rfm_group");
                String lifecycle = r.getString("lifecycle");
                expected.put(r.getString("external_id"), group == null ? lifecycle
                        : String.join(",", new TreeMap<>(Map.of(lifecycle, 1, group, 1)).keySet()));
            }
        }
        assertEquals(23_570, expected.size());
        assertEquals(expected, engine);
    }

    /** Customers and purchases of the file, idempotently (another run of the suite may have loaded them). */
    private void load() throws IOException {
        List<String> rows;
        try (var in = new java.util.zip.GZIPInputStream(getClass().getResourceAsStream(DATA))) {
            rows = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        }
        Map<String, LocalDate> firstSeen = new HashMap<>();
        List<String> ids = new ArrayList<>(), customers = new ArrayList<>();
        List<OffsetDateTime> dates = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        Map<String, Integer> perDay = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.trim().split("\\s+");
            LocalDate date = LocalDate.parse(f[1], DateTimeFormatter.BASIC_ISO_DATE);
            String customer = "cdnow-" + f[0];
            firstSeen.merge(customer, date, (a, b) -> a.isBefore(b) ? a : b);
            ids.add(customer + "-" + f[1] + "-" + perDay.merge(customer + f[1], 1, Integer::sum));
            customers.add(customer);
            dates.add(date.atStartOfDay().atOffset(ZoneOffset.UTC));
            quantities.add(Integer.parseInt(f[2]));
            amounts.add(f[3]);
        }
        List<String> names = new ArrayList<>(firstSeen.keySet());
        // 69,659 purchases with their lines in one statement can outlast the request timeout, which the
        // pool gives every statement: loading is set-up, not a request
        pool.withTransaction(conn -> conn.query("set local statement_timeout = 0").execute().chain(() -> conn.preparedQuery("""
                insert into customer (external_id, kind, registered, first_seen_at, marketing_consent)
                select x.id, 'CONSUMER', true, x.first_seen, false from unnest($1::text[], $2::timestamptz[]) as x(id, first_seen)
                on conflict (external_id) do nothing""")
                .execute(Tuple.of(names.toArray(String[]::new),
                        names.stream().map(n -> firstSeen.get(n).atStartOfDay().atOffset(ZoneOffset.UTC))
                                .toArray(OffsetDateTime[]::new))))
                .chain(() -> conn.preparedQuery("""
                with x as (select x.id, x.customer, x.ordered_at, x.quantity, x.amount::numeric as amount
                           from unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::text[])
                           as x(id, customer, ordered_at, quantity, amount)),
                inserted as (
                    insert into purchase (external_id, customer_id, ordered_at, currency, discount, subtotal, total, units,
                                          max_line_quantity, any_promotion, content_hash)
                    select x.id, c.id, x.ordered_at, 'USD', 0, x.amount, x.amount, x.quantity, x.quantity, false, '\\x00'
                    from x join customer c on c.external_id = x.customer
                    on conflict (external_id) do nothing returning id, total, units)
                insert into purchase_line (purchase_id, line_no, sku, category, quantity, unit_price, on_promotion)
                select id, 1, 'cd', 'music', 1, total, false from inserted""")
                .execute(Tuple.of(ids.toArray(String[]::new), customers.toArray(String[]::new),
                        dates.toArray(OffsetDateTime[]::new), quantities.toArray(Integer[]::new),
                        amounts.toArray(String[]::new)))))
                .await().indefinitely();
    }
}
