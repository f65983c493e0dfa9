-- Clientele: seeded, set-based generator of shop data (customers, visits, purchases, lines).
--
--   psql postgresql://postgres@127.0.0.1:5432/clientele_bench -v customers=100000 -v seed=7 \
--        -f bench/generator/generate.sql
--
-- Variables (psql -v name=value), all optional:
--   customers               number of customers                      (default 10000)
--   purchases               number of purchases                      (default purchases_per_customer x customers)
--                           exact as long as it is >= the number of buyers (~90% of customers), who get >= 1 each
--   purchases_per_customer  used when purchases is not given          (default 10)
--   seed                    integer; same seed + same sizes + same as_of = the same data (ids aside)
--   as_of                   reference instant; all data lies in the two years before it
--                                                                     (default 2026-11-01T00:00:00Z)
--   prefix                  external-id prefix: <prefix>-c-<n>, <prefix>-p-<n>, <prefix>-v-<n> (default gen)
--   currency                currency of every generated purchase     (default EUR)
--   truncate                true: TRUNCATE customer, visit, purchase, purchase_line (CASCADE) first
--                                                                     (default false: rows of others are kept)
--   skip_fk_checks          true: load with session_replication_role = replica, i.e. without firing the
--                           foreign-key triggers (the generated rows are consistent by construction);
--                           needs a superuser, silently ignored otherwise (default true)
--   vacuum                  true: VACUUM ANALYZE at the end instead of ANALYZE (default false)
--
-- Needs the V1 schema (src/main/resources/db/migration/V1__customers_purchases_visits.sql).
-- Every random draw is a hash of (seed, stream, row number) (hashint8extended), so the result does
-- not depend on plan, parallelism or row order; setseed(:seed) is called too, but random() is not
-- used. Rows get ids above the current maximum/sequence value (OVERRIDING SYSTEM VALUE) and the
-- identity sequences are moved past them, so the data loads next to existing rows (purchase_line ids
-- are base + 4 (p - 1) + line_no, with gaps). content_hash is 32 hash-derived bytes, not a real digest.
--
-- Shape of the data (approximate shares):
--   customers: 10% prospects (no order), 25% of buyers order once, the rest have lognormal order counts
--              (heavy tail); 3% BUSINESS, +2% consumer resellers (wholesale: 70% of their orders bulk,
--              lines of 10..99 units); 15% guests (registered = false; never for BUSINESS); 15% focus on
--              one category (90% of their lines); 40% of buyers churn (stop ordering at a random point).
--              first_seen_at uniform over the two years before as_of; the first order follows 3 hours
--              to 60 days later (cubic skew: most within days; never after as_of).
--   purchases: 1..4 lines (45/30/15/10%), 20 categories (skewed popularity, own price levels, 1% lines
--              without category), lognormal prices x a per-customer spend multiplier (lognormal, x2.5 for
--              BUSINESS); ~30% discounted (12% of customers are price-sensitive: 85% of their orders):
--              discount amount, coupon + amount, coupon only, or lines on promotion; 2% cancelled
--              (cancelled_at <= as_of); device/source mostly the customer's preferred one (2%/3% null).
--   visits:    one session per purchase, started 1..14 minutes before it (80% for the 10% "impulsive"
--              customers, 25% for others) or 16..180 minutes before; 65% of purchases name it in
--              visit_id; plus ~2 browsing sessions per order (0..5 per prospect), 25% with added_to_cart,
--              spread from first_seen_at to 30 days past the customer's last order (to as_of for
--              prospects).

\set ON_ERROR_STOP on
\if :{?customers}              \else \set customers 10000 \endif
\if :{?purchases_per_customer} \else \set purchases_per_customer 10 \endif
\if :{?seed}                   \else \set seed 42 \endif
\if :{?as_of}                  \else \set as_of '2026-11-01T00:00:00Z' \endif
\if :{?prefix}                 \else \set prefix gen \endif
\if :{?currency}               \else \set currency EUR \endif
\if :{?truncate}               \else \set truncate false \endif
\if :{?skip_fk_checks}         \else \set skip_fk_checks true \endif
\if :{?vacuum}                 \else \set vacuum false \endif
\if :{?purchases}
\else
  select round(:customers * :purchases_per_customer::numeric)::bigint as purchases \gset
\endif

set timezone = 'UTC';
set work_mem = '256MB';
set maintenance_work_mem = '512MB';
set synchronous_commit = off;
set max_parallel_workers_per_gather = 0;
set jit = off;
select setseed(((abs(:seed::bigint) % 2000001) - 1000000) / 1000000.0) \g /dev/null

select extract(epoch from :'as_of'::timestamptz)::bigint as asof_epoch,
       (select rolsuper from pg_roles where rolname = current_user) and :'skip_fk_checks'::boolean as no_fk
\gset
\echo generate: customers=:customers purchases=:purchases seed=:seed as_of=:as_of prefix=:prefix truncate=:truncate

-- refuse to mix with an earlier run of the same prefix (unless truncating)
\if :truncate
  \echo generate: truncating customer, visit, purchase, purchase_line (cascade)
  truncate customer, visit, purchase, purchase_line restart identity cascade;
\else
  select format('do $x$ begin raise exception %L; end $x$',
                'customer ' || :'prefix' || '-c-1 already exists: use -v truncate=true or another -v prefix=')
  where exists (select 1 from customer where external_id = :'prefix' || '-c-1')
  \gexec
\endif

begin;
\if :no_fk
  set local session_replication_role = replica;
\endif

-- ids continue after both the table maximum and the identity sequence
select greatest((select max(id) from customer),
                pg_sequence_last_value(pg_get_serial_sequence('customer', 'id')::regclass), 0) as cbase,
       greatest((select max(id) from visit),
                pg_sequence_last_value(pg_get_serial_sequence('visit', 'id')::regclass), 0) as vbase,
       greatest((select max(id) from purchase),
                pg_sequence_last_value(pg_get_serial_sequence('purchase', 'id')::regclass), 0) as pbase,
       greatest((select max(id) from purchase_line),
                pg_sequence_last_value(pg_get_serial_sequence('purchase_line', 'id')::regclass), 0) as lbase
\gset

---------------------------------------------------------------------------------------------------
-- deterministic random helpers (temporary, inlined by the planner)
---------------------------------------------------------------------------------------------------
-- u(k, s): uniform [0, 1) for row key k and stream s, seeded
select format($f$create function pg_temp.u(k bigint, s int) returns double precision
  language sql immutable parallel safe as
  'select (hashint8extended(k, %s::bigint * 1000003 + s) & 9007199254740991)::double precision / 9007199254740992.0'$f$,
  :seed::bigint)
\gexec
-- h32(k, s): 32 pseudo-random bytes standing in for the SHA-256 content_hash (cheaper than a digest)
select format($f$create function pg_temp.h32(k bigint, s int) returns bytea
  language sql immutable parallel safe as
  'select int8send(hashint8extended(k, %1$s::bigint * 1000003 + s)) || int8send(hashint8extended(k, %1$s::bigint * 1000003 + s + 1))
       || int8send(hashint8extended(k, %1$s::bigint * 1000003 + s + 2)) || int8send(hashint8extended(k, %1$s::bigint * 1000003 + s + 3))'$f$,
  :seed::bigint)
\gexec
-- z(k, s): standard normal (Box-Muller on streams s and s + 1)
create function pg_temp.z(k bigint, s int) returns double precision
  language sql immutable parallel safe as
  'select sqrt(-2.0 * ln(1.0 - pg_temp.u(k, s))) * cos(2.0 * pi() * pg_temp.u(k, s + 1))';

-- purchase-level draws (p = purchase number); used by the visit, purchase and line steps alike
-- number of lines: 1..4 (45/30/15/10%)
create function pg_temp.p_lines(p bigint) returns int language sql immutable parallel safe as
  'select (array[1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,3,3,3,4,4])[1 + floor(20 * pg_temp.u(p, 101))::int]';
-- bulk order (wholesale customers only)
create function pg_temp.p_bulk(p bigint, wholesale boolean) returns boolean language sql immutable parallel safe as
  'select wholesale and pg_temp.u(p, 102) < 0.7';
-- discount mode: 0 none, 1 amount, 2 coupon + amount, 3 coupon only, 4 lines on promotion
create function pg_temp.p_disc(p bigint, prop double precision) returns int language sql immutable parallel safe as
  'select case when pg_temp.u(p, 103) >= prop then 0
               else (array[1,1,1,1,1,1,1,1,2,2,2,2,2,3,3,3,4,4,4,4])[1 + floor(20 * pg_temp.u(p, 104))::int] end';
-- ordered_at (epoch seconds, whole): uniform in the customer's active period [s0, s1]
create function pg_temp.p_at(p bigint, s0 double precision, s1 double precision) returns bigint
  language sql immutable parallel safe as
  'select floor(s0 + (s1 - s0) * pg_temp.u(p, 105))::bigint';
create function pg_temp.p_device(p bigint, pref text) returns text language sql immutable parallel safe as
  'select case when pg_temp.u(p, 106) < 0.02 then null when pg_temp.u(p, 107) < 0.7 then pref
               else (array[''MOBILE_APP'',''MOBILE_APP'',''MOBILE_APP'',''MOBILE_APP'',''MOBILE_APP'',
                           ''MOBILE_WEB'',''MOBILE_WEB'',''MOBILE_WEB'',''MOBILE_WEB'',''MOBILE_WEB'',
                           ''DESKTOP'',''DESKTOP'',''DESKTOP'',''DESKTOP'',''DESKTOP'',''DESKTOP'',''DESKTOP'',
                           ''TABLET'',''TABLET'',''OTHER''])[1 + floor(20 * pg_temp.u(p, 108))::int] end';
create function pg_temp.p_source(p bigint, pref text) returns text language sql immutable parallel safe as
  'select case when pg_temp.u(p, 109) < 0.03 then null when pg_temp.u(p, 110) < 0.6 then pref
               else (array[''DIRECT'',''DIRECT'',''DIRECT'',''DIRECT'',''ORGANIC_SEARCH'',''ORGANIC_SEARCH'',
                           ''ORGANIC_SEARCH'',''ORGANIC_SEARCH'',''PAID_SEARCH'',''PAID_SEARCH'',''SOCIAL'',
                           ''SOCIAL'',''EMAIL'',''EMAIL'',''AFFILIATE'',''ADVERTISING'',''REFERRAL'',
                           ''MARKETPLACE'',''MARKETPLACE'',''OTHER''])[1 + floor(20 * pg_temp.u(p, 111))::int] end';
-- minutes between the session start and the order
create function pg_temp.p_minutes(p bigint, impulsive boolean) returns int language sql immutable parallel safe as
  'select case when pg_temp.u(p, 112) < case when impulsive then 0.8 else 0.25 end
               then 1 + floor(14 * pg_temp.u(p, 113))::int
               else 16 + floor(165 * pg_temp.u(p, 113))::int end';

-- line-level draws (key = p * 8 + line_no)
-- category index 1..20 (null: unknown category)
create function pg_temp.l_cat(key bigint, focus int) returns int language sql immutable parallel safe as
  'select case when focus is not null and pg_temp.u(key, 201) < 0.9 then focus
               when pg_temp.u(key, 202) < 0.01 then null
               else 1 + floor(20 * pg_temp.u(key, 203) ^ 2)::int end';
create function pg_temp.l_qty(key bigint, bulk boolean) returns int language sql immutable parallel safe as
  'select case when bulk then 10 + floor(90 * pg_temp.u(key, 204) ^ 2)::int
               else (array[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,3,3,4,5,9])[1 + floor(24 * pg_temp.u(key, 205))::int] end';
create function pg_temp.l_price(key bigint, cat int, vmult double precision, bulk boolean) returns numeric
  language sql immutable parallel safe as
  -- whole cents as bigint, then numeric: avoids the slow float8 -> numeric conversion
  'select greatest(49, round(coalesce((array[15,12,14,45,120,600,350,40,35,30,25,20,18,16,50,70,40,75,150,8])[cat], 30)
                    * exp(0.6 * pg_temp.z(key, 206)) * vmult * case when bulk then 60 else 100 end))::bigint * 0.01';
create function pg_temp.l_promo(key bigint, line_no int, mode int) returns boolean language sql immutable parallel safe as
  'select mode = 4 and (line_no = 1 or pg_temp.u(key, 208) < 0.3)';
create function pg_temp.cat_name(cat int) returns text language sql immutable parallel safe as
  'select (array[''books'',''music'',''movies'',''games'',''electronics'',''computers'',''phones'',''home'',
                 ''kitchen'',''garden'',''toys'',''baby'',''beauty'',''health'',''sports'',''outdoors'',
                 ''fashion'',''shoes'',''jewelry'',''grocery''])[cat]';

---------------------------------------------------------------------------------------------------
\echo generate: [1/6] customer profiles
---------------------------------------------------------------------------------------------------
create temp table gen_cust on commit drop as
with r as (
    select n,
           pg_temp.u(n, 1) < 0.10                        as prospect,
           pg_temp.u(n, 2) < 0.03                        as business,
           pg_temp.u(n, 3) < 0.02                        as reseller,
           pg_temp.u(n, 4) < 0.25                        as one_timer,
           pg_temp.z(n, 5)                               as z_orders,
           pg_temp.z(n, 7)                               as z_value,
           :asof_epoch - 730 * 86400 * pg_temp.u(n, 9)   as fs,
           pg_temp.u(n, 10)                              as r_first,
           pg_temp.u(n, 11) < 0.40                       as churned,
           pg_temp.u(n, 12)                              as r_churn,
           case when pg_temp.u(n, 13) < 0.15 then 1 + floor(20 * pg_temp.u(n, 14))::int end as focus,
           (array['MOBILE_APP','MOBILE_APP','MOBILE_APP','MOBILE_APP','MOBILE_APP',
                  'MOBILE_WEB','MOBILE_WEB','MOBILE_WEB','MOBILE_WEB','MOBILE_WEB',
                  'DESKTOP','DESKTOP','DESKTOP','DESKTOP','DESKTOP','DESKTOP','DESKTOP',
                  'TABLET','TABLET','OTHER'])[1 + floor(20 * pg_temp.u(n, 15))::int] as pref_device,
           (array['DIRECT','DIRECT','DIRECT','DIRECT','ORGANIC_SEARCH','ORGANIC_SEARCH','ORGANIC_SEARCH',
                  'ORGANIC_SEARCH','PAID_SEARCH','PAID_SEARCH','SOCIAL','SOCIAL','EMAIL','EMAIL','AFFILIATE',
                  'ADVERTISING','REFERRAL','MARKETPLACE','MARKETPLACE','OTHER'])[1 + floor(20 * pg_temp.u(n, 16))::int] as pref_source,
           case when pg_temp.u(n, 17) < 0.12 then 0.85 else 0.22 end as disc_prop,
           pg_temp.u(n, 18) < 0.10                       as impulsive,
           pg_temp.u(n, 19)                              as r_visits
    from generate_series(1, :customers::bigint) n
), d as (
    select r.*,
           business or reseller                                        as wholesale,
           case when prospect or one_timer then 0.0 else exp(1.1 * z_orders) end as w,
           exp(0.5 * z_value) * case when business then 2.5 else 1 end as vmult,
           least(:asof_epoch, fs + 3 * 3600 + greatest(0, least(60 * 86400, :asof_epoch - fs - 3 * 3600)) * r_first ^ 3) as s0
    from r
), e as (
    select d.*,
           case when churned then s0 + (:asof_epoch - s0) * r_churn else :asof_epoch end as s1,
           sum(w) over (order by n) as cumw,
           sum(w) over () as totw,
           count(*) filter (where not prospect) over () as buyers
    from d
), f as (
    select e.*,
           case when n = :customers or totw = 0 then greatest(:purchases - buyers, 0)
                else least(greatest(:purchases - buyers, 0), floor(greatest(:purchases - buyers, 0) * cumw / totw))
           end::bigint as alloc
    from e
), g as (
    select f.*,
           case when prospect then 0
                else 1 + case when totw = 0 then 0 else alloc - lag(alloc, 1, 0::bigint) over (order by n) end
           end as cnt
    from f
), h as (
    select g.*,
           case when prospect then floor(6 * r_visits)::bigint
                else round(cnt * 2 * (0.5 + r_visits))::bigint end as vcnt
    from g
)
select n, :cbase + n as id, prospect, business, wholesale, focus, pref_device, pref_source, disc_prop,
       impulsive, vmult, fs, s0, s1, cnt, vcnt,
       (sum(cnt) over (order by n) - cnt + 1)::bigint as first_p,
       (sum(vcnt) over (order by n) - vcnt + 1)::bigint as first_b
from h;
select coalesce(sum(cnt), 0) as purchases_made, coalesce(sum(vcnt), 0) as browse_visits from gen_cust \gset
\echo generate:   purchases to make :purchases_made, browsing visits :browse_visits

---------------------------------------------------------------------------------------------------
\echo generate: [2/6] customers
---------------------------------------------------------------------------------------------------
insert into customer (id, external_id, email, name, kind, country, city, birth_date, gender, registered,
                      first_seen_at, acquisition_source, marketing_consent, attributes)
overriding system value
select c.id,
       :'prefix' || '-c-' || c.n,
       case when pg_temp.u(c.n, 30) < 0.05 then null else :'prefix' || '-c-' || c.n || '@example.com' end,
       case when c.business then 'Company ' || c.n else 'Customer ' || c.n end,
       case when c.business then 'BUSINESS' else 'CONSUMER' end,
       (array['NL','NL','NL','NL','DE','DE','DE','BE','BE','FR','FR','GB','GB','US','ES','IT','PL','SE','AT','IE'])[x.ci],
       (array['Amsterdam','Rotterdam','Utrecht','Eindhoven','Berlin','Hamburg','Munich','Brussels','Antwerp',
              'Paris','Lyon','London','Manchester','New York','Madrid','Rome','Warsaw','Stockholm','Vienna',
              'Dublin'])[x.ci],
       case when not c.business and pg_temp.u(c.n, 32) < 0.8
            then (:'as_of'::timestamptz)::date - (6570 + floor(22000 * pg_temp.u(c.n, 33)))::int end,
       case when c.business then null
            else (array['FEMALE','FEMALE','FEMALE','FEMALE','FEMALE','FEMALE','FEMALE','FEMALE','FEMALE',
                        'MALE','MALE','MALE','MALE','MALE','MALE','MALE','MALE','OTHER','UNDISCLOSED',
                        null])[1 + floor(20 * pg_temp.u(c.n, 34))::int] end,
       c.business or pg_temp.u(c.n, 35) >= 0.15,
       to_timestamp(floor(c.fs)),
       case when pg_temp.u(c.n, 36) < 0.05 then null
            else (array['DIRECT','DIRECT','DIRECT','DIRECT','ORGANIC_SEARCH','ORGANIC_SEARCH','ORGANIC_SEARCH',
                        'ORGANIC_SEARCH','PAID_SEARCH','PAID_SEARCH','SOCIAL','SOCIAL','EMAIL','AFFILIATE',
                        'AFFILIATE','ADVERTISING','ADVERTISING','REFERRAL','MARKETPLACE','OTHER'])[1 + floor(20 * pg_temp.u(c.n, 37))::int] end,
       pg_temp.u(c.n, 38) < 0.55,
       case when pg_temp.u(c.n, 39) < 0.5 then '{}'::jsonb
            else jsonb_build_object('tier', (array['bronze','silver','gold','platinum'])[1 + floor(4 * pg_temp.u(c.n, 40) ^ 2)::int],
                                    'newsletter', pg_temp.u(c.n, 41) < 0.4,
                                    'score', floor(100 * pg_temp.u(c.n, 42))::int) end
from gen_cust c
cross join lateral (select 1 + floor(20 * pg_temp.u(c.n, 31))::int as ci) x;

---------------------------------------------------------------------------------------------------
\echo generate: [3/6] visits (one session per purchase, then browsing sessions)
---------------------------------------------------------------------------------------------------
-- visit number v: 1..purchases are the sessions that led to purchase v; the browsing sessions follow
insert into visit (id, external_id, customer_id, started_at, device, source, product_views, added_to_cart, content_hash)
overriding system value
select :vbase + o.p,
       :'prefix' || '-v-' || o.p,
       o.id,
       to_timestamp(pg_temp.p_at(o.p, o.s0, o.s1) - 60 * pg_temp.p_minutes(o.p, o.impulsive)),
       pg_temp.p_device(o.p, o.pref_device),
       pg_temp.p_source(o.p, o.pref_source),
       1 + floor(15 * pg_temp.u(o.p, 120))::int,
       true,
       pg_temp.h32(o.p, 150)
from (select c.*, p from gen_cust c cross join lateral generate_series(c.first_p, c.first_p + c.cnt - 1) p
      offset 0) o;

insert into visit (id, external_id, customer_id, started_at, device, source, product_views, added_to_cart, content_hash)
overriding system value
select :vbase + :purchases_made + b.v,
       :'prefix' || '-v-' || (:purchases_made + b.v),
       b.id,
       to_timestamp(floor(b.fs + (case when b.prospect then :asof_epoch
                                       else least(:asof_epoch, b.s1 + 30 * 86400) end - b.fs) * pg_temp.u(b.v, 130))),
       case when pg_temp.u(b.v, 131) < 0.02 then null
            when pg_temp.u(b.v, 132) < 0.7 then b.pref_device
            else (array['MOBILE_APP','MOBILE_WEB','DESKTOP','TABLET','OTHER'])[1 + floor(5 * pg_temp.u(b.v, 133))::int] end,
       case when pg_temp.u(b.v, 134) < 0.03 then null
            when pg_temp.u(b.v, 135) < 0.5 then b.pref_source
            else (array['DIRECT','ORGANIC_SEARCH','PAID_SEARCH','SOCIAL','EMAIL','AFFILIATE','ADVERTISING',
                        'REFERRAL','MARKETPLACE','OTHER'])[1 + floor(10 * pg_temp.u(b.v, 136))::int] end,
       floor(30 * pg_temp.u(b.v, 137) ^ 2)::int,
       pg_temp.u(b.v, 138) < 0.25,
       pg_temp.h32(:purchases_made + b.v, 150)
from (select c.*, v from gen_cust c cross join lateral generate_series(c.first_b, c.first_b + c.vcnt - 1) v
      offset 0) b;

---------------------------------------------------------------------------------------------------
\echo generate: [4/6] purchases
---------------------------------------------------------------------------------------------------
insert into purchase (id, external_id, customer_id, ordered_at, currency, discount, coupon_code, device, source,
                      visit_id, subtotal, total, units, max_line_quantity, any_promotion, cancelled_at, content_hash)
overriding system value
select :pbase + o.p,
       :'prefix' || '-p-' || o.p,
       o.id,
       to_timestamp(o.at),
       :'currency',
       d.discount,
       case when o.mode in (2, 3)
            then (array['WELCOME10','SPRING20','SUMMER15','BLACKFRIDAY','FREESHIP','VIP25'])[1 + floor(6 * pg_temp.u(o.p, 141))::int] end,
       pg_temp.p_device(o.p, o.pref_device),
       pg_temp.p_source(o.p, o.pref_source),
       case when pg_temp.u(o.p, 142) < 0.65 then :vbase + o.p end,
       a.subtotal,
       a.subtotal - d.discount,
       a.units,
       a.max_q,
       a.any_promo,
       case when pg_temp.u(o.p, 143) < 0.02
            then least(to_timestamp(o.at + 3600 + floor(72 * 3600 * pg_temp.u(o.p, 144))), :'as_of'::timestamptz) end,
       pg_temp.h32(o.p, 160)
from (select c.id, c.focus, c.vmult, c.pref_device, c.pref_source, p,
             pg_temp.p_at(p, c.s0, c.s1) as at,
             pg_temp.p_lines(p) as nl,
             pg_temp.p_bulk(p, c.wholesale) as bulk,
             pg_temp.p_disc(p, c.disc_prop) as mode
      from gen_cust c cross join lateral generate_series(c.first_p, c.first_p + c.cnt - 1) p
      offset 0) o
cross join lateral (
    select sum(q * price) as subtotal, sum(q)::int as units, max(q) as max_q, bool_or(promo) as any_promo
    from (select pg_temp.l_qty(o.p * 8 + l, o.bulk) as q,
                 pg_temp.l_price(o.p * 8 + l, pg_temp.l_cat(o.p * 8 + l, o.focus), o.vmult, o.bulk) as price,
                 pg_temp.l_promo(o.p * 8 + l, l, o.mode) as promo
          from generate_series(1, o.nl) l) x
) a
cross join lateral (
    select case when o.mode in (1, 2) then round(a.subtotal * (5 + floor(20 * pg_temp.u(o.p, 140)))::int * 0.01, 2)
                else 0 end as discount
) d;

---------------------------------------------------------------------------------------------------
\echo generate: [5/6] purchase lines
---------------------------------------------------------------------------------------------------
insert into purchase_line (id, purchase_id, line_no, sku, category, quantity, unit_price, on_promotion)
overriding system value
-- line ids: lbase + 4 (p - 1) + line_no (gaps where an order has fewer than 4 lines)
select :lbase + 4 * (o.p - 1) + l,
       :pbase + o.p,
       l,
       'SKU-' || coalesce(lpad(pg_temp.l_cat(o.p * 8 + l, o.focus)::text, 2, '0'), 'XX') || '-'
              || (1 + floor(400 * pg_temp.u(o.p * 8 + l, 209) ^ 2))::int,
       pg_temp.cat_name(pg_temp.l_cat(o.p * 8 + l, o.focus)),
       pg_temp.l_qty(o.p * 8 + l, o.bulk),
       pg_temp.l_price(o.p * 8 + l, pg_temp.l_cat(o.p * 8 + l, o.focus), o.vmult, o.bulk),
       pg_temp.l_promo(o.p * 8 + l, l, o.mode)
from (select c.focus, c.vmult, p,
             pg_temp.p_lines(p) as nl,
             pg_temp.p_bulk(p, c.wholesale) as bulk,
             pg_temp.p_disc(p, c.disc_prop) as mode
      from gen_cust c cross join lateral generate_series(c.first_p, c.first_p + c.cnt - 1) p
      offset 0) o
cross join lateral generate_series(1, o.nl) l;

---------------------------------------------------------------------------------------------------
\echo generate: [6/6] identity sequences, commit, analyze
---------------------------------------------------------------------------------------------------
select setval(pg_get_serial_sequence('customer', 'id'), greatest(1, (select max(id) from customer)),
              (select max(id) from customer) is not null),
       setval(pg_get_serial_sequence('visit', 'id'), greatest(1, (select max(id) from visit)),
              (select max(id) from visit) is not null),
       setval(pg_get_serial_sequence('purchase', 'id'), greatest(1, (select max(id) from purchase)),
              (select max(id) from purchase) is not null),
       setval(pg_get_serial_sequence('purchase_line', 'id'), greatest(1, (select max(id) from purchase_line)),
              (select max(id) from purchase_line) is not null)
\g /dev/null
commit;

\if :vacuum
  vacuum analyze customer, visit, purchase, purchase_line;
\else
  analyze customer, visit, purchase, purchase_line;
\endif

select format('generate: done: %s customers, %s purchases, %s visits generated; tables now hold ~%s customers, ~%s visits, ~%s purchases, ~%s lines; database %s',
              :customers, :purchases_made, :purchases_made + :browse_visits,
              (select reltuples::bigint from pg_class where oid = 'customer'::regclass),
              (select reltuples::bigint from pg_class where oid = 'visit'::regclass),
              (select reltuples::bigint from pg_class where oid = 'purchase'::regclass),
              (select reltuples::bigint from pg_class where oid = 'purchase_line'::regclass),
              pg_size_pretty(pg_database_size(current_database()))) as summary \gset
\echo :summary
