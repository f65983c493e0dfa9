-- What the engine costs a write: clientele_refresh(asOf, array[id]) for :n random customers, one after the
-- other, each in its own transaction (as a write's refresh is), on a database the service has migrated
-- and recomputed. Prints the median, the 90th percentile and the mean, in ms. Commits use
-- synchronous_commit = off, so that the figure is the engine's and not the disk's; the refreshes change
-- nothing that a full run had not computed (same asOf), so the database stays as it was.
--
--   psql postgresql://postgres@127.0.0.1:5432/DB -v as_of=2026-11-01T00:00:00Z -v n=400 -f bench/sql/refresh_one_customer.sql
set synchronous_commit = off;
select set_config('bench.as_of', :'as_of', false), set_config('bench.n', :'n', false) \gset
create temp table refresh_timings (ms double precision);
do $$
declare
    ids bigint[] := array(select id from customer order by random() limit current_setting('bench.n')::int);
    started timestamptz;
begin
    for i in 1..cardinality(ids) loop
        started := clock_timestamp();
        perform clientele_refresh(current_setting('bench.as_of')::timestamptz, array[ids[i]]);
        insert into refresh_timings values (extract(epoch from clock_timestamp() - started) * 1000);
        commit;
    end loop;
end $$;
select count(*) as refreshes,
       round(percentile_cont(0.5) within group (order by ms)::numeric, 2) as p50_ms,
       round(percentile_cont(0.9) within group (order by ms)::numeric, 2) as p90_ms,
       round(avg(ms)::numeric, 2) as mean_ms
from refresh_timings;
