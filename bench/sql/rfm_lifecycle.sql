-- Lifecycle (SEGMENTS.md section 1) and RFM (section 2) of every customer, as of :'as_of', with the
-- default settings. One statement: the speed baseline and an independent oracle for the engine.
--
--   psql URL -v as_of=2026-11-01T00:00:00Z -f bench/sql/rfm_lifecycle.sql
--
-- The only placeholder is :'as_of' (a timestamptz literal); to run it elsewhere (JDBC), replace
-- :'as_of' by a literal or by ?  (the statement reads it once, in "params").
-- Output: external_id, lifecycle, recency, frequency, monetary, rfm_group, one row per customer, in no
-- particular order (to diff, wrap it: select * from (...) r order by external_id); the four RFM
-- columns are null for customers without an order in the RFM window.
--
-- Rules as implemented:
--   * a purchase counts iff cancelled_at is null and ordered_at <= as_of (anything later does not exist);
--   * a day is exactly 24 h (intervals are built from hours, never calendar days, so the session
--     time zone cannot matter); "within the last N days" = ordered_at in (as_of - N*24h, as_of];
--   * daysSince(t) = floor((as_of - t) / 24h), computed exactly on epoch seconds (numeric);
--   * lifecycle, first match wins: PROSPECT n = 0; NEW first order within 30 days; LOST no order within
--     365 days; LAPSED no order within 90 days; ONE_TIME n = 1; LOYAL n365 >= 6 and
--     activeQuartersInLast4 >= 3; REGULAR n365 >= 3; OCCASIONAL otherwise. Quarter k = 1..4 is
--     (as_of - 91k days, as_of - 91(k-1) days] (the four cover 364 days, not 365);
--   * RFM over the customers with an order in (as_of - 730 days, as_of] (N of them):
--     recency = daysSince(last order) (its lifetime last order, which lies in the window),
--     frequency = orders in the window, monetary = sum(total) in the window (total = lines - discount);
--     score = 1 + floor(5 * (rank - 1) / N) with rank() ascending (frequency, monetary) and
--     descending (recency: rank - 1 = customers with a strictly larger recency); ties share a score;
--     FM = round-half-up((F + M) / 2) = (F + M + 1) / 2 in integer arithmetic; group from the R x FM table.
with params as (
    select as_of,
           extract(epoch from as_of)        as as_of_epoch,
           as_of - interval '1 hour' * 24 * 30   as new_since,      -- newCustomerDays = 30
           as_of - interval '1 hour' * 24 * 365  as lost_since,     -- lostAfterDays = 365
           as_of - interval '1 hour' * 24 * 90   as lapsed_since,   -- lapsedAfterDays = 90
           as_of - interval '1 hour' * 24 * 365  as window_since,   -- n365: orders within the last 365 days
           as_of - interval '1 hour' * 24 * 730  as rfm_since,      -- rfmWindow = 730
           as_of - interval '1 hour' * 24 * 91   as q1,             -- activeQuartersInLast4 bounds
           as_of - interval '1 hour' * 24 * 182  as q2,
           as_of - interval '1 hour' * 24 * 273  as q3,
           as_of - interval '1 hour' * 24 * 364  as q4,
           6 as loyal_min_orders,                                   -- loyalMinOrders = 6
           3 as regular_min_orders                                  -- regularMinOrders = 3
    from (select (:'as_of')::timestamptz as as_of) a
),
per_customer as (
    select p.customer_id,
           count(*)                                                    as n,
           min(p.ordered_at)                                           as first_at,
           max(p.ordered_at)                                           as last_at,
           count(*) filter (where p.ordered_at > x.window_since)       as n365,
           count(*) filter (where p.ordered_at > x.rfm_since)          as rfm_orders,
           sum(p.total) filter (where p.ordered_at > x.rfm_since)      as rfm_spend,
             (count(*) filter (where p.ordered_at > x.q1) > 0)::int
           + (count(*) filter (where p.ordered_at > x.q2 and p.ordered_at <= x.q1) > 0)::int
           + (count(*) filter (where p.ordered_at > x.q3 and p.ordered_at <= x.q2) > 0)::int
           + (count(*) filter (where p.ordered_at > x.q4 and p.ordered_at <= x.q3) > 0)::int
                                                                       as active_quarters
    from purchase p
    cross join params x
    where p.cancelled_at is null
      and p.ordered_at <= x.as_of
    group by p.customer_id
),
rfm_input as (
    select a.customer_id,
           floor((x.as_of_epoch - extract(epoch from a.last_at)) / 86400)::bigint as recency_days,
           a.rfm_orders,
           a.rfm_spend
    from per_customer a
    cross join params x
    where a.rfm_orders > 0
),
rfm_n as (
    select count(*) as n from rfm_input                                     -- N, the scored customers
),
-- rank() ignores the frame; the ROWS frame only spares PostgreSQL from spooling each (large) peer group
rfm as (
    select i.customer_id,
           1 + 5 * (rank() over by_recency - 1) / k.n as r,
           1 + 5 * (rank() over by_orders  - 1) / k.n as f,
           1 + 5 * (rank() over by_spend   - 1) / k.n as m
    from rfm_input i
    cross join rfm_n k
    window by_recency as (order by i.recency_days desc rows between unbounded preceding and current row),
           by_orders  as (order by i.rfm_orders        rows between unbounded preceding and current row),
           by_spend   as (order by i.rfm_spend         rows between unbounded preceding and current row)
),
rfm_table (r, fm, rfm_group) as (
    values (5, 1, 'RECENT'),         (5, 2, 'POTENTIAL_LOYALIST'), (5, 3, 'LOYAL_CUSTOMER'),  (5, 4, 'CHAMPION'),       (5, 5, 'CHAMPION'),
           (4, 1, 'PROMISING'),      (4, 2, 'POTENTIAL_LOYALIST'), (4, 3, 'LOYAL_CUSTOMER'),  (4, 4, 'CHAMPION'),       (4, 5, 'CHAMPION'),
           (3, 1, 'ABOUT_TO_SLEEP'), (3, 2, 'ABOUT_TO_SLEEP'),     (3, 3, 'NEEDS_ATTENTION'), (3, 4, 'LOYAL_CUSTOMER'), (3, 5, 'LOYAL_CUSTOMER'),
           (2, 1, 'LOST_CAUSE'),     (2, 2, 'HIBERNATING'),        (2, 3, 'AT_RISK'),         (2, 4, 'AT_RISK'),        (2, 5, 'CANNOT_LOSE'),
           (1, 1, 'LOST_CAUSE'),     (1, 2, 'LOST_CAUSE'),         (1, 3, 'HIBERNATING'),     (1, 4, 'AT_RISK'),        (1, 5, 'CANNOT_LOSE')
)
select c.external_id,
       case
           when a.n is null                                   then 'PROSPECT'
           when a.first_at > x.new_since                      then 'NEW'
           when a.last_at <= x.lost_since                     then 'LOST'
           when a.last_at <= x.lapsed_since                   then 'LAPSED'
           when a.n = 1                                       then 'ONE_TIME'
           when a.n365 >= x.loyal_min_orders
                and a.active_quarters >= 3                    then 'LOYAL'
           when a.n365 >= x.regular_min_orders                then 'REGULAR'
           else                                                    'OCCASIONAL'
       end                  as lifecycle,
       s.r::int             as recency,
       s.f::int             as frequency,
       s.m::int             as monetary,
       t.rfm_group
from customer c
cross join params x
left join per_customer a on a.customer_id = c.id
left join rfm s          on s.customer_id = c.id
left join rfm_table t    on t.r = s.r and t.fm = (s.f + s.m + 1) / 2;
