-- Hand-checked fixture for bench/sql/rfm_lifecycle.sql (see bench/sql/README.md for the reasoning).
--
--   createdb -h 127.0.0.1 -U postgres rfm_fixture
--   psql -h 127.0.0.1 -U postgres -d rfm_fixture -f src/main/resources/db/migration/V1__customers_purchases_visits.sql
--   cd /work/main && psql -h 127.0.0.1 -U postgres -d rfm_fixture -f bench/sql/rfm_fixture.sql
--
-- Needs a database holding ONLY this fixture (RFM ranks are over all customers). It loads 18 customers
-- (fx-01 .. fx-18), runs the statement as of 2026-11-01T00:00:00Z under three session time zones and
-- prints every difference from the hand-computed expectation; it fails (ON_ERROR_STOP) on any.
\set ON_ERROR_STOP on
\if :{?rfm_file} \else \set rfm_file bench/sql/rfm_lifecycle.sql \endif
\set rfm_sql `cat :rfm_file`
\set as_of '2026-11-01T00:00:00Z'

begin;
delete from customer where external_id like 'fx-%';

insert into customer (external_id, kind, registered, first_seen_at, marketing_consent)
select 'fx-' || lpad(n::text, 2, '0'), 'CONSUMER', true, timestamptz '2024-01-01T00:00:00Z', false
from generate_series(1, 18) n;

-- d = days before as_of (1 day = 24 h); "plus_s" seconds added (to sit just inside a boundary)
with o (cust, ord, d, plus_s, subtotal, discount, cancelled, at_literal) as (
    values
    ('fx-02', 1,  10,   0,  100,   0, true,  null),                     -- cancelled only
    ('fx-03', 1,   0,   0,   50,   0, false, '2026-11-01T00:00:01Z'),   -- after as_of only
    ('fx-04', 1,   0,   0,   10,   0, false, null),                     -- exactly at as_of
    ('fx-05', 1,  30,   0,   20,   0, false, null),                     -- exactly 30 days: not NEW
    ('fx-06', 1, 365,   0,   30,   0, false, null),                     -- exactly 365 days: LOST
    ('fx-07', 1, 365,   1,   40,   0, false, null),                     -- 365 days - 1 s: not LOST
    ('fx-08', 1, 200,   0,   50,   0, false, null),
    ('fx-08', 2,  90,   0,   50,   0, false, null),                     -- exactly 90 days: LAPSED
    ('fx-09', 1,   0,   0,   60,   0, false, '2026-10-01T23:30:00Z'),   -- 30 d 30 min: not NEW (DST trap)
    ('fx-10', 1,   5,   0,  100,   0, false, null),
    ('fx-10', 2,  50,   0,  100,   0, false, null),
    ('fx-10', 3, 100,   0,  100,   0, false, null),
    ('fx-10', 4, 150,   0,  100,   0, false, null),
    ('fx-10', 5, 200,   0,  100,   0, false, null),
    ('fx-10', 6, 250,   0,  100,   0, false, null),
    ('fx-11', 1,   1,   0,   10,   0, false, null),
    ('fx-11', 2,   2,   0,   10,   0, false, null),
    ('fx-11', 3,   3,   0,   10,   0, false, null),
    ('fx-11', 4,   4,   0,   10,   0, false, null),
    ('fx-11', 5,  91,   0,   10,   0, false, null),                     -- exactly 91 d: quarter 2
    ('fx-11', 6, 364,   0,   10,   0, false, null),                     -- exactly 364 d: in no quarter
    ('fx-12', 1,   1,   0,   10,   0, false, null),
    ('fx-12', 2,   2,   0,   10,   0, false, null),
    ('fx-12', 3,   3,   0,   10,   0, false, null),
    ('fx-12', 4,   4,   0,   10,   0, false, null),
    ('fx-12', 5,  91,   0,   10,   0, false, null),
    ('fx-12', 6, 364,   1,   10,   0, false, null),                     -- 364 d - 1 s: quarter 4
    ('fx-13', 1,  40,   0,   25,   0, false, null),
    ('fx-13', 2,  60,   0,   25,   0, false, null),
    ('fx-13', 3,  80,   0,   25,   0, false, null),
    ('fx-14', 1, 400,   0,  200,   0, false, null),
    ('fx-14', 2,  10,   0,  300,   0, false, null),
    ('fx-15', 1, 730,   0, 1000,   0, false, null),                     -- exactly 730 d: outside RFM window
    ('fx-16', 1, 730,   1, 1100, 100, false, null),                     -- inside by 1 s; total = 1000
    ('fx-17', 1,  20,   0,   70,   0, false, null),
    ('fx-17', 2,   5,   0,  999,   0, true,  null),                     -- cancelled
    ('fx-17', 3,   0,   0,  999,   0, false, '2026-11-02T00:00:00Z'),   -- after as_of
    ('fx-18', 1,   1,   0,    5,   0, false, null),
    ('fx-18', 2,   2,   0,    5,   0, false, null),
    ('fx-18', 3,   3,   0,    5,   0, false, null),
    ('fx-18', 4,   4,   0,    5,   0, false, null),
    ('fx-18', 5,   5,   0,    5,   0, false, null),
    ('fx-18', 6,  29,   0,    5,   0, false, null)
), ins as (
    insert into purchase (external_id, customer_id, ordered_at, currency, discount, device, source,
                          subtotal, total, units, max_line_quantity, any_promotion, cancelled_at, content_hash)
    select o.cust || '-p' || o.ord, c.id, t.at, 'EUR', o.discount, 'DESKTOP', 'DIRECT',
           o.subtotal, o.subtotal - o.discount, 1, 1, false,
           case when o.cancelled then t.at + interval '1 hour' end,
           decode(md5(o.cust || '-p' || o.ord), 'hex')
    from o
    join customer c on c.external_id = o.cust
    cross join lateral (select coalesce(o.at_literal::timestamptz,
                                        timestamptz '2026-11-01T00:00:00Z' - interval '1 hour' * 24 * o.d
                                        + interval '1 second' * o.plus_s) as at) t
    returning id, subtotal
)
insert into purchase_line (purchase_id, line_no, sku, category, quantity, unit_price, on_promotion)
select id, 1, 'SKU-FX', 'music', 1, subtotal, false from ins;
commit;

create temp table rfm_expected (external_id text, lifecycle text, recency int, frequency int, monetary int,
                                rfm_group text);
insert into rfm_expected values
    ('fx-01', 'PROSPECT',   null, null, null, null),
    ('fx-02', 'PROSPECT',   null, null, null, null),
    ('fx-03', 'PROSPECT',   null, null, null, null),
    ('fx-04', 'NEW',        5, 1, 1, 'RECENT'),
    ('fx-05', 'ONE_TIME',   2, 1, 1, 'LOST_CAUSE'),
    ('fx-06', 'LOST',       1, 1, 1, 'LOST_CAUSE'),
    ('fx-07', 'LAPSED',     1, 1, 2, 'LOST_CAUSE'),
    ('fx-08', 'LAPSED',     2, 3, 4, 'AT_RISK'),
    ('fx-09', 'ONE_TIME',   2, 1, 2, 'HIBERNATING'),
    ('fx-10', 'LOYAL',      4, 4, 5, 'CHAMPION'),
    ('fx-11', 'REGULAR',    4, 4, 2, 'LOYAL_CUSTOMER'),
    ('fx-12', 'LOYAL',      4, 4, 2, 'LOYAL_CUSTOMER'),
    ('fx-13', 'REGULAR',    2, 4, 4, 'AT_RISK'),
    ('fx-14', 'OCCASIONAL', 3, 3, 4, 'LOYAL_CUSTOMER'),
    ('fx-15', 'LOST',       null, null, null, null),
    ('fx-16', 'LOST',       1, 1, 5, 'HIBERNATING'),
    ('fx-17', 'NEW',        3, 1, 3, 'ABOUT_TO_SLEEP'),
    ('fx-18', 'NEW',        4, 4, 1, 'LOYAL_CUSTOMER');

create temp table rfm_diffs (time_zone text, side text, external_id text, lifecycle text, recency int,
                             frequency int, monetary int, rfm_group text);
-- run once per time zone (the statement must not depend on it)
set timezone = 'UTC';
select format($q$
    insert into rfm_diffs
    with actual as (%1$s)
    select current_setting('TimeZone'), 'expected', * from (table rfm_expected except select * from actual) e
    union all
    select current_setting('TimeZone'), 'actual', * from (select * from actual except table rfm_expected) a
    $q$, regexp_replace(replace(:'rfm_sql', ':''as_of''', quote_literal(:'as_of')), ';\s*$', '')) as check_sql
\gset
:check_sql;
set timezone = 'Europe/Amsterdam';
:check_sql;
set timezone = 'America/New_York';
:check_sql;
reset timezone;

\echo statement output (UTC):
set timezone = 'UTC';
select format('select * from (%s) r order by external_id', regexp_replace(replace(:'rfm_sql', ':''as_of''', quote_literal(:'as_of')), ';\s*$', ''))
\gexec
reset timezone;

\echo differences from the hand-computed expectation (none = pass):
select * from rfm_diffs order by time_zone, external_id, side;
select format('do $x$ begin raise exception %L; end $x$', count(*) || ' rows differ from the expectation')
from rfm_diffs having count(*) > 0
\gexec
\echo rfm_fixture: PASS
