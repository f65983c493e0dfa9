-- Load the CDNOW master file (one row = one purchase) into a database with the V1 schema, to validate
-- bench/sql/rfm_lifecycle.sql on real data.
--
--   createdb -h 127.0.0.1 -U postgres cdnow
--   psql -h 127.0.0.1 -U postgres -d cdnow -f src/main/resources/db/migration/V1__customers_purchases_visits.sql
--   zcat src/test/resources/cdnow/CDNOW_master.txt.gz | psql -h 127.0.0.1 -U postgres -d cdnow -f bench/sql/load_cdnow.sql
--   psql -h 127.0.0.1 -U postgres -d cdnow -v as_of=1998-07-01T00:00:00Z -f bench/sql/rfm_lifecycle_counts.sql
--
-- File: a header line, then "customer_id date(YYYYMMDD) number_of_cds dollar_value", whitespace separated.
-- Mapping: customer external_id = the customer_id as written ('00001'), CONSUMER, registered,
-- first_seen_at = its first purchase date; purchase external_id 'cdnow-p-<row number>', ordered_at = the
-- date at 00:00 UTC, USD, no discount, device/source unknown, one line (sku 'CD', category 'music',
-- quantity = number_of_cds, unit_price = round(dollar_value / number_of_cds, 4)), subtotal = total =
-- quantity * unit_price (so a purchase's total can differ from dollar_value by < quantity * 0.00005).
-- Rows with number_of_cds = 0 are skipped (there are none); rows with dollar_value = 0 are kept
-- (total 0; they count as orders).
\set ON_ERROR_STOP on
set timezone = 'UTC';

create temp table cdnow_raw (row_no bigint generated always as identity, line text);
\copy cdnow_raw (line) from pstdin with (format text, delimiter '|')

create temp table cdnow as
select row_no,
       f[1]                                      as customer_id,
       to_date(f[2], 'YYYYMMDD')::timestamp at time zone 'UTC' as ordered_at,
       f[3]::int                                 as cds,
       f[4]::numeric                             as dollars
from (select row_no, regexp_split_to_array(btrim(line), '\s+') as f
      from cdnow_raw
      where line ~ '^\s*[0-9]') r;

select count(*) as rows, count(distinct customer_id) as customers,
       count(*) filter (where cds = 0) as rows_with_0_cds,
       count(*) filter (where dollars = 0) as rows_with_0_dollars,
       min(ordered_at) as first_order, max(ordered_at) as last_order,
       sum(dollars) as dollars
from cdnow;

begin;
insert into customer (external_id, kind, registered, first_seen_at, marketing_consent)
select customer_id, 'CONSUMER', true, min(ordered_at), false
from cdnow group by customer_id order by customer_id;

create temp table cdnow_purchase as
select r.row_no, c.id as customer_id, r.ordered_at, r.cds, round(r.dollars / r.cds, 4) as unit_price
from cdnow r join customer c on c.external_id = r.customer_id
where r.cds > 0;

insert into purchase (external_id, customer_id, ordered_at, currency, discount, subtotal, total, units,
                      max_line_quantity, any_promotion, content_hash)
select 'cdnow-p-' || row_no, customer_id, ordered_at, 'USD', 0, cds * unit_price, cds * unit_price, cds,
       cds, false, decode(md5('cdnow-p-' || row_no), 'hex')
from cdnow_purchase order by row_no;

insert into purchase_line (purchase_id, line_no, sku, category, quantity, unit_price, on_promotion)
select p.id, 1, 'CD', 'music', r.cds, r.unit_price, false
from cdnow_purchase r join purchase p on p.external_id = 'cdnow-p-' || r.row_no;
commit;

analyze customer, purchase, purchase_line;
select (select count(*) from customer) as customers, (select count(*) from purchase) as purchases,
       (select sum(total) from purchase) as total_spend;
