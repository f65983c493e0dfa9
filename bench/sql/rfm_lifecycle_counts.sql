-- Counts per lifecycle and per RFM group from bench/sql/rfm_lifecycle.sql, plus its run time.
--
--   cd /work/main   # (the repository root; or pass -v rfm_file=/path/to/rfm_lifecycle.sql)
--   psql URL -v as_of=2026-11-01T00:00:00Z [-v work_mem=256MB] -f bench/sql/rfm_lifecycle_counts.sql
--
-- The statement file stays a plain single statement: it is read as text (psql backquote), its :'as_of'
-- placeholder replaced by the quoted literal, and run as CREATE TEMP TABLE ... AS.
\set ON_ERROR_STOP on
\if :{?as_of}    \else \set as_of '2026-11-01T00:00:00Z' \endif
\if :{?rfm_file} \else \set rfm_file bench/sql/rfm_lifecycle.sql \endif
\set rfm_sql `cat :rfm_file`
\if :{?work_mem}
  set work_mem = :'work_mem';
\endif

\echo rfm_lifecycle as of :as_of
\timing on
select format('create temp table rfm_result as %s',
              regexp_replace(replace(:'rfm_sql', ':''as_of''', quote_literal(:'as_of')), ';\s*$', ''))
\gexec
\timing off

\echo
\echo lifecycle counts
select lifecycle, count(*) as customers
from rfm_result
group by lifecycle
order by array_position(array['PROSPECT','NEW','LOST','LAPSED','ONE_TIME','LOYAL','REGULAR','OCCASIONAL'], lifecycle);

\echo rfm_group counts (customers without an order in the RFM window: null)
select rfm_group, count(*) as customers
from rfm_result
group by rfm_group
order by array_position(array['CHAMPION','LOYAL_CUSTOMER','POTENTIAL_LOYALIST','RECENT','PROMISING',
                              'NEEDS_ATTENTION','ABOUT_TO_SLEEP','AT_RISK','CANNOT_LOSE','HIBERNATING',
                              'LOST_CAUSE'], rfm_group) nulls last;

\echo score distribution (customers per score value)
select s as score,
       count(*) filter (where recency = s)   as recency,
       count(*) filter (where frequency = s) as frequency,
       count(*) filter (where monetary = s)  as monetary
from rfm_result cross join generate_series(1, 5) s
group by s order by s;

drop table rfm_result;
