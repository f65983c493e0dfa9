-- The segmentation engine: SEGMENTS.md sections 1 to 3 and the custom segments of RULES.md, as
-- set-based SQL in stages that share one shape. Every stage takes the evaluation instant as an
-- argument (decided once, in Java: the pinned instant or the clock) and the customers it works on
-- (p_ids; null: everyone).
--
--   clientele_population_statistics  full runs only: RFM cut-points and the big-spender threshold
--   clientele_metrics_rows           the customer_metrics rows, computed (reads only)
--   clientele_refresh_metrics        ... and stored
--   clientele_builtin_candidates     the built-in memberships the metrics imply, into segment_candidate
--   clientele_custom_candidates      the members of custom segments for everyone, from their compiled predicates
--   clientele_custom_rank_candidates ... for a few customers: a rank's statement (custom_segment_rank), kept prepared
--   clientele_apply                  compares candidates with the stored memberships: the only place
--                                    where entries and exits are born (but for an erasure's exits)
--   clientele_forget                 before an erasure: every membership ends, the changes stay anonymous
--   clientele_refresh                all of it for some customers or everyone, custom segments in
--                                    dependency order
--   clientele_refresh_segments       some custom segments, for everyone (create, update)
--   clientele_refresh_due            the customers whose time-based memberships may have changed, each at its instant
--
-- Each stage's statements are written once, as SQL functions that PostgreSQL inlines into their callers,
-- with a p_everyone flag that callers pass as a literal: the same text is planned over everyone for a full
-- run, and as index lookups of a few customers for a write, a plan kept for the connection (clientele_refresh
-- asks for generic plans there). A filter written "p_ids is null or ..." would need a new plan on every call.
--
-- Flyway re-runs this file whenever it changes; its last statement asks for a full recompute at the
-- next start, so that stored metrics and memberships follow the new SQL.

drop function if exists clientele_refresh(timestamptz, bigint[]);
drop function if exists clientele_refresh_segments(timestamptz, text[]);
drop function if exists clientele_apply(timestamptz, bigint[], text[]);
drop function if exists clientele_custom_candidates(timestamptz, bigint[], text[]);
drop function if exists clientele_custom_candidates(timestamptz, text[]);
drop function if exists clientele_custom_rank_candidates(timestamptz, bigint[], custom_segment_rank);
drop function if exists clientele_clock_instants(timestamptz, bigint[], text[]);
drop type if exists clientele_settings cascade;
drop type if exists clientele_window_starts cascade;

-- The settings of SEGMENTS.md, typed: read once per run.
create type clientele_settings as (
    window_days             integer,
    rfm_window_days         integer,
    new_customer_days       integer,
    lost_after_days         integer,
    lapsed_after_days       integer,
    loyal_min_orders        integer,
    regular_min_orders      integer,
    recent_days             integer,
    big_spender_order_total numeric,
    bulk_line_quantity      integer,
    bulk_order_units        integer,
    discount_share          double precision,
    impulse_share           double precision,
    impulse_minutes         integer,
    focus_share             double precision,
    irregular_cv            double precision,
    research_visits         double precision,
    mobile_share            double precision
);

-- Where the windows start, as of an instant (clientele_window_starts).
create type clientele_window_starts as (
    window_start   timestamptz,
    rfm_start      timestamptz,
    month_start    timestamptz,
    quarter1_start timestamptz,
    quarter2_start timestamptz,
    quarter3_start timestamptz,
    quarter4_start timestamptz,
    year_start     timestamptz
);

create function clientele_current_settings() returns clientele_settings language sql stable as $$
    select row(
        max(value) filter (where name = 'window'),
        max(value) filter (where name = 'rfmWindow'),
        max(value) filter (where name = 'newCustomerDays'),
        max(value) filter (where name = 'lostAfterDays'),
        max(value) filter (where name = 'lapsedAfterDays'),
        max(value) filter (where name = 'loyalMinOrders'),
        max(value) filter (where name = 'regularMinOrders'),
        max(value) filter (where name = 'recentDays'),
        max(value) filter (where name = 'bigSpenderOrderTotal'),
        max(value) filter (where name = 'bulkLineQuantity'),
        max(value) filter (where name = 'bulkOrderUnits'),
        max(value) filter (where name = 'discountShare'),
        max(value) filter (where name = 'impulseShare'),
        max(value) filter (where name = 'impulseMinutes'),
        max(value) filter (where name = 'focusShare'),
        max(value) filter (where name = 'irregularCv'),
        max(value) filter (where name = 'researchVisits'),
        max(value) filter (where name = 'mobileShare'))::clientele_settings
    from segment_setting
$$;

-- An RFM score from 1 to 5: one more than the number of cut-points (at most four, ascending; see
-- clientele_population_statistics) that v reaches. With cuts taken from the population as "the smallest
-- value with at least k*N/5 values strictly below it", this equals SEGMENTS.md's 1 + floor(5 * smaller / N)
-- for every value of the population (ties get one score). One expression, so that PostgreSQL inlines it:
-- as a query over unnest (V2's rfm_score), it cost three function calls per customer in a full run.
create or replace function clientele_rfm_score(v numeric, cuts numeric[]) returns smallint
    language sql immutable parallel safe as $$
    select (1 + coalesce((v >= cuts[1])::int, 0) + coalesce((v >= cuts[2])::int, 0)
              + coalesce((v >= cuts[3])::int, 0) + coalesce((v >= cuts[4])::int, 0))::smallint
$$;

-- What a full run learns about everyone, for the single-customer refreshes until the next one:
-- RFM cut-points per metric (for k = 1..4, the smallest value with at least k*N/5 values strictly
-- below it; see clientele_rfm_score) and the 90th percentile of order totals in window (nearest rank).
create or replace function clientele_population_statistics(p_as_of timestamptz, s clientele_settings)
    returns void language sql set timezone = 'UTC' as $$
    with scored as (  -- customers with an order in the RFM window; recency is negated: larger is better
        select -floor(extract(epoch from p_as_of - max(p.ordered_at)) / 86400) as recency,
               count(*)::numeric as frequency, sum(p.total) as monetary
        from purchase p
        where p.cancelled_at is null and p.ordered_at <= p_as_of
          and p.ordered_at > p_as_of - make_interval(days => s.rfm_window_days)
        group by p.customer_id),
    ranked as (
        select recency, rank() over (order by recency) - 1 as recency_below,
               frequency, rank() over (order by frequency) - 1 as frequency_below,
               monetary, rank() over (order by monetary) - 1 as monetary_below, count(*) over () as scored
        from scored),
    cut as (
        select k, min(recency) filter (where recency_below * 5 >= k * scored) as recency,
               min(frequency) filter (where frequency_below * 5 >= k * scored) as frequency,
               min(monetary) filter (where monetary_below * 5 >= k * scored) as monetary
        from ranked cross join generate_series(1, 4) k group by k)
    update segment_state set
        last_full_as_of = p_as_of,
        needs_full_recompute = false,
        big_spender_total = (
            select percentile_disc(0.9) within group (order by p.total) from purchase p
            where p.cancelled_at is null and p.ordered_at <= p_as_of
              and p.ordered_at > p_as_of - make_interval(days => s.window_days)),
        recency_cuts = (select coalesce(array_agg(recency order by k) filter (where recency is not null), '{}') from cut),
        frequency_cuts = (select coalesce(array_agg(frequency order by k) filter (where frequency is not null), '{}') from cut),
        monetary_cuts = (select coalesce(array_agg(monetary order by k) filter (where monetary is not null), '{}') from cut)
$$;

-- When custom rules may change their answer with time alone, per customer (the earliest instant after
-- p_as_of), for the clock of the rules (RuleSql.Compiled.clock): 'orders:N' / 'visits:N' when the oldest
-- order / visit of the last N days leaves them; 'daysSinceLastOrder:N' (and the first order, the latest
-- cart add) when that day count reaches N; 'age' at the next birthday (and the day after, for those born
-- on 29 February, whose age turns on 1 March in other years). For everyone (p_everyone) or the customers
-- p_ids. Inlined into its callers' statements (SQL, no SET clause: they run in UTC), so that a literal
-- p_everyone folds away and each caller's plan reads either everyone or index lookups of p_ids; an empty
-- clock (no custom rule moves with time) stops every branch at its one-time filter.
create or replace function clientele_clock_instants(p_as_of timestamptz, p_ids bigint[], p_clock text[],
                                                    p_everyone boolean)
    returns table (customer_id bigint, at timestamptz) language sql stable as $$
    with windows as (  -- spans in hours: per row, adding days to a timestamptz would consult the time zone
        select split_part(e, ':', 1) as source, make_interval(hours => 24 * split_part(e, ':', 2)::int) as span,
               p_as_of - make_interval(hours => 24 * split_part(e, ':', 2)::int) as since
        from unnest(p_clock) e where e like '%:%'),
    candidates as (
        select p.customer_id, min(p.ordered_at + w.span) as at
        from windows w join purchase p on p.ordered_at > w.since
        where w.source = 'orders' and p.cancelled_at is null and p.ordered_at <= p_as_of
          and (p_everyone or p.customer_id = any(p_ids)) and exists (select 1 from windows where windows.source = 'orders')
        group by p.customer_id
        union all
        select v.customer_id, min(v.started_at + w.span)
        from windows w join visit v on v.started_at > w.since
        where w.source = 'visits' and v.started_at <= p_as_of and (p_everyone or v.customer_id = any(p_ids))
          and exists (select 1 from windows where windows.source = 'visits')
        group by v.customer_id
        union all
        select d.customer_id, d.at + w.span
        from windows w join (
            select p.customer_id, 'daysSinceLastOrder' as source, max(p.ordered_at) as at from purchase p
            where p.cancelled_at is null and p.ordered_at <= p_as_of and (p_everyone or p.customer_id = any(p_ids))
              and exists (select 1 from windows where windows.source = 'daysSinceLastOrder')
            group by p.customer_id
            union all
            select p.customer_id, 'daysSinceFirstOrder', min(p.ordered_at) from purchase p
            where p.cancelled_at is null and p.ordered_at <= p_as_of and (p_everyone or p.customer_id = any(p_ids))
              and exists (select 1 from windows where windows.source = 'daysSinceFirstOrder')
            group by p.customer_id
            union all
            select v.customer_id, 'daysSinceLastCartAdd', max(v.started_at) from visit v
            where v.added_to_cart and v.started_at <= p_as_of and (p_everyone or v.customer_id = any(p_ids))
              and exists (select 1 from windows where windows.source = 'daysSinceLastCartAdd')
            group by v.customer_id) d on d.source = w.source
        union all
        select c.id, b.at from customer c
        cross join lateral (values
            ((c.birth_date + make_interval(years => extract(year from age((p_as_of at time zone 'UTC')::date,
                c.birth_date))::int + 1))::timestamp at time zone 'UTC'),
            ((c.birth_date + make_interval(years => extract(year from age((p_as_of at time zone 'UTC')::date,
                c.birth_date))::int + 1, days => 1))::timestamp at time zone 'UTC')) b(at)
        where 'age' = any(p_clock) and c.birth_date is not null and (p_everyone or c.id = any(p_ids)))
    select candidates.customer_id, min(candidates.at) from candidates where candidates.at > p_as_of
    group by candidates.customer_id
$$;

-- The custom rules' clock: what makes any of them move with time alone (clientele_clock_instants).
create or replace function clientele_custom_clock() returns text[] language sql stable as $$
    select array(select distinct e from segment_definition d cross join unnest(d.rule_clock) e where d.family = 'CUSTOM')
$$;

-- Where the windows of SEGMENTS.md start, as of an instant: computed once per statement by the callers of
-- clientele_metrics_rows, which pass it as an argument. Computed per row, timestamptz arithmetic (never folded
-- into a plan: it depends on the time zone) cost seconds over ten million orders.
create or replace function clientele_window_starts(p_as_of timestamptz, s clientele_settings)
    returns clientele_window_starts language sql stable set timezone = 'UTC' as $$
    select row(p_as_of - make_interval(days => s.window_days), p_as_of - make_interval(days => s.rfm_window_days),
               p_as_of - interval '30 days', p_as_of - interval '91 days', p_as_of - interval '182 days',
               p_as_of - interval '273 days', p_as_of - interval '364 days',
               p_as_of - interval '365 days')::clientele_window_starts
$$;

-- The metrics of SEGMENTS.md for everyone (p_everyone) or the customers p_ids as of p_as_of, as
-- customer_metrics rows, with the RFM scores from the last full run's cut-points and the lifecycle stage
-- (first match wins). Reads only. Inlined into its callers' statements (SQL, no SET clause: they run in UTC,
-- where a day is 24 hours whatever the session's time zone), which pass p_everyone as a literal: it folds
-- away, and the same text gives two plans. For a few customers, index lookups of p_ids that PostgreSQL keeps
-- as a generic plan, so a write's refresh plans nothing. For everyone, aggregates per input table, each
-- planned in parallel, joined by customer: no part of the statement is materialized (a CTE scan would keep it
-- on one core, and its row estimates would be guesses), and the visits before each order are found in the
-- (customer_id, started_at) index instead of by sorting every order and visit together. "parallel safe" is
-- taken on trust: PostgreSQL checks the label before it inlines the body, so the body must stay free of
-- writes and of functions that are not parallel safe (ParallelFullRunTest runs it in parallel workers).
create or replace function clientele_metrics_rows(p_as_of timestamptz, p_ids bigint[], s clientele_settings,
                                                  b clientele_window_starts, p_clock text[], p_everyone boolean)
    returns setof customer_metrics language sql stable parallel safe as $$
    with target as (  -- with the fields rules read most, copied next to the metrics (V4)
        select c.id as customer_id, c.kind, c.country, c.gender, c.acquisition_source, c.registered,
               c.marketing_consent, c.first_seen_at, c.birth_date
        from customer c where p_everyone or c.id = any(p_ids)),
    order_figures as (  -- what counts: not cancelled, not after the instant
        select p.customer_id,
               count(*) as order_count,
               count(*) filter (where p.ordered_at > b.window_start) as orders_in_window,
               count(*) filter (where p.ordered_at > b.year_start) as orders_last365_days,
               min(p.ordered_at) as first_order_at, max(p.ordered_at) as last_order_at,
               sum(p.total) as total_spend,
               coalesce(sum(p.total) filter (where p.ordered_at > b.window_start), 0) as spend_in_window,
               avg(p.total) filter (where p.ordered_at > b.window_start) as average_order_value,
               max(p.total) filter (where p.ordered_at > b.window_start) as largest_order_total,
               avg((p.discount > 0 or p.coupon_code is not null or p.any_promotion)::int)
                   filter (where p.ordered_at > b.window_start) as discounted_order_share,
               avg(coalesce(p.device in ('MOBILE_APP', 'MOBILE_WEB'), false)::int)
                   filter (where p.ordered_at > b.window_start) as mobile_order_share,
               avg(coalesce(p.source = 'SOCIAL', false)::int)
                   filter (where p.ordered_at > b.window_start) as social_order_share,
               count(*) filter (where p.ordered_at > b.rfm_start) as rfm_frequency_value,
               coalesce(sum(p.total) filter (where p.ordered_at > b.rfm_start), 0) as rfm_monetary_value,
               -- period k = (asOf - 91k days, asOf - 91(k-1) days], k = 1..4: how many hold an order
                 (count(*) filter (where p.ordered_at > b.quarter1_start) > 0)::int
               + (count(*) filter (where p.ordered_at > b.quarter2_start and p.ordered_at <= b.quarter1_start) > 0)::int
               + (count(*) filter (where p.ordered_at > b.quarter3_start and p.ordered_at <= b.quarter2_start) > 0)::int
               + (count(*) filter (where p.ordered_at > b.quarter4_start and p.ordered_at <= b.quarter3_start) > 0)::int
                   as active_quarters_in_last4,
               count(*) filter (where p.ordered_at > b.window_start and (p.max_line_quantity >= s.bulk_line_quantity
                                                                  or p.units >= s.bulk_order_units)) as bulk_orders_in_window,
               -- when the oldest order of each window leaves it, and when the next order moves to an older quarter
               min(p.ordered_at) filter (where p.ordered_at > b.window_start) + make_interval(days => s.window_days)
                   as window_order_leaves_at,
               min(p.ordered_at) filter (where p.ordered_at > b.year_start) + interval '365 days' as year_order_leaves_at,
               -- (per row: hours, as below, where days would consult the time zone for every order)
               min(p.ordered_at + make_interval(hours => 24 * 91 * (floor(extract(epoch from p_as_of - p.ordered_at)
                   / (91 * 86400))::int + 1))) filter (where p.ordered_at > b.quarter4_start) as next_quarter_at
        from purchase p
        where (p_everyone or p.customer_id = any(p_ids)) and p.cancelled_at is null and p.ordered_at <= p_as_of
        group by p.customer_id),
    top_category as (  -- by spend in window (ties: alphabetically first), its share of all line amounts
        select customer_id, category, amount, all_amount from (
            select customer_id, category, amount, sum(amount) over (partition by customer_id) as all_amount,
                   row_number() over (partition by customer_id order by (category is null), amount desc, category) as pos
            from (select p.customer_id, l.category, sum(l.quantity * l.unit_price) as amount
                  from purchase p join purchase_line l on l.purchase_id = p.id
                  where (p_everyone or p.customer_id = any(p_ids)) and p.cancelled_at is null
                    and p.ordered_at <= p_as_of and p.ordered_at > b.window_start
                  group by p.customer_id, l.category) by_category) ranked
        where pos = 1 and category is not null),
    -- Spans below are in hours, not days: adding days to a timestamptz consults the time zone (per order, that
    -- cost seconds), while in UTC a day is 24 hours either way.
    gaps as (  -- population standard deviation over mean of the days between consecutive orders in window
        select customer_id, stddev_pop(gap) / nullif(avg(gap), 0) as inter_purchase_gap_cv
        from (select p.customer_id, extract(epoch from p.ordered_at - lag(p.ordered_at) over (partition by p.customer_id
                      order by p.ordered_at, p.id)) / 86400.0 as gap
              from purchase p
              where (p_everyone or p.customer_id = any(p_ids)) and p.cancelled_at is null
                and p.ordered_at <= p_as_of and p.ordered_at > b.window_start) between_orders
        group by customer_id),
    research as (  -- each order in window with each visit of its customer in [t - 14 days, t]: how many such
                   -- pairs (a join, not a subquery per order: PostgreSQL 15 runs those in one process only)
        select p.customer_id, count(*) as pairs
        from purchase p join visit v on v.customer_id = p.customer_id
                                    and v.started_at between p.ordered_at - interval '336 hours' and p.ordered_at
        where (p_everyone or p.customer_id = any(p_ids)) and p.cancelled_at is null
          and p.ordered_at <= p_as_of and p.ordered_at > b.window_start
        group by p.customer_id),
    quick as (  -- orders in window placed within impulseMinutes of the start of the visit they name, a visit with no
                -- other visit of the customer in the 7 days before it (unplanned)
        select p.customer_id, count(*) as quick_orders
        from purchase p join visit v on v.id = p.visit_id
        where (p_everyone or p.customer_id = any(p_ids)) and (p_everyone or v.customer_id = any(p_ids))
          and p.cancelled_at is null and p.ordered_at <= p_as_of and p.ordered_at > b.window_start
          and p.ordered_at >= v.started_at and p.ordered_at <= v.started_at + make_interval(mins => s.impulse_minutes)
          and not exists (select 1 from visit other where other.customer_id = p.customer_id and other.id <> v.id
                          and other.started_at between v.started_at - interval '168 hours' and v.started_at)
        group by p.customer_id),
    visit_figures as (
        select v.customer_id,
               count(*) filter (where v.started_at > b.month_start) as visits_last30_days,
               count(*) filter (where v.started_at > b.window_start) as visits_in_window,
               avg(coalesce(v.device in ('MOBILE_APP', 'MOBILE_WEB'), false)::int)
                   filter (where v.started_at > b.window_start) as mobile_visit_share,
               max(v.started_at) filter (where v.added_to_cart) as last_cart_add_at,
               min(v.started_at) filter (where v.started_at > b.month_start) + interval '30 days' as month_visit_leaves_at,
               min(v.started_at) filter (where v.started_at > b.window_start) + make_interval(days => s.window_days)
                   as window_visit_leaves_at
        from visit v where (p_everyone or v.customer_id = any(p_ids)) and v.started_at <= p_as_of
        group by v.customer_id),
    metrics as (
        select t.customer_id, t.kind, t.country, t.gender, t.acquisition_source, t.registered, t.marketing_consent,
               t.first_seen_at, t.birth_date,
               coalesce(lo.device, lv.device) as latest_device, coalesce(lo.source, lv.source) as latest_source,
               coalesce(f.order_count, 0)::int as order_count,
               coalesce(f.orders_in_window, 0)::int as orders_in_window,
               coalesce(f.orders_last365_days, 0)::int as orders_last365_days,
               f.first_order_at, f.last_order_at,
               floor(extract(epoch from p_as_of - f.last_order_at) / 86400)::int as days_since_last_order,
               floor(extract(epoch from p_as_of - f.first_order_at) / 86400)::int as days_since_first_order,
               coalesce(f.total_spend, 0) as total_spend, coalesce(f.spend_in_window, 0) as spend_in_window,
               f.average_order_value, f.largest_order_total,
               f.discounted_order_share::float8 as discounted_order_share,
               f.mobile_order_share::float8 as mobile_order_share,
               f.social_order_share::float8 as social_order_share,
               tc.category as top_category, (tc.amount / nullif(tc.all_amount, 0))::float8 as top_category_share,
               coalesce(f.active_quarters_in_last4, 0) as active_quarters_in_last4,
               coalesce(vf.visits_last30_days, 0)::int as visits_last30_days,
               case when vf.last_cart_add_at is not null then (
                   select count(*) from purchase p where p.customer_id = t.customer_id and p.cancelled_at is null
                   and p.ordered_at <= p_as_of and p.ordered_at >= vf.last_cart_add_at) end::int as orders_after_last_cart_add,
               g.inter_purchase_gap_cv::float8 as inter_purchase_gap_cv,
               coalesce(f.rfm_frequency_value, 0) as rfm_frequency_value,
               coalesce(f.rfm_monetary_value, 0) as rfm_monetary_value,
               coalesce(f.bulk_orders_in_window, 0)::int as bulk_orders_in_window,
               coalesce(q.quick_orders, 0) as quick_orders,
               -- visits per order in window: the mean over those orders of their visits in [t - 14 days, t]
               case when f.orders_in_window > 0
                    then (coalesce(r.pairs, 0)::numeric / f.orders_in_window)::float8 end as research_visits_per_order,
               coalesce(vf.visits_in_window, 0)::int as visits_in_window,
               vf.mobile_visit_share::float8 as mobile_visit_share,
               floor(extract(epoch from p_as_of - vf.last_cart_add_at) / 86400)::int as days_since_last_cart_add,
               -- the next instant a time-based rule may change its answer without new data (SEGMENTS.md: day
               -- counts reaching their thresholds, orders and visits leaving their windows); null: none
               (select min(at) from unnest(array[
                    f.last_order_at + make_interval(days => s.recent_days),
                    f.last_order_at + make_interval(days => s.lapsed_after_days),
                    f.last_order_at + make_interval(days => s.lost_after_days),
                    f.first_order_at + make_interval(days => s.new_customer_days),
                    f.window_order_leaves_at, f.year_order_leaves_at, f.next_quarter_at,
                    vf.month_visit_leaves_at, vf.window_visit_leaves_at,
                    vf.last_cart_add_at + interval '30 days', ci.at]) at where at > p_as_of) as next_change_at
        from target t left join order_figures f using (customer_id) left join top_category tc using (customer_id)
             left join gaps g using (customer_id) left join research r using (customer_id)
             left join quick q using (customer_id) left join visit_figures vf using (customer_id)
             -- the latest order's device and source (the one recorded last among orders at the same instant),
             -- or, for a customer without one, the latest visit's
             left join lateral (select p.device, p.source from purchase p
                                where f.customer_id is not null and p.customer_id = t.customer_id
                                  and p.cancelled_at is null and p.ordered_at <= p_as_of
                                order by p.ordered_at desc, p.id desc limit 1) lo on true
             left join lateral (select v.device, v.source from visit v
                                where f.customer_id is null and v.customer_id = t.customer_id and v.started_at <= p_as_of
                                order by v.started_at desc, v.id desc limit 1) lv on true
             left join clientele_clock_instants(p_as_of, p_ids, p_clock, p_everyone) ci using (customer_id))
    select m.customer_id, p_as_of, m.order_count, m.orders_in_window, m.first_order_at, m.last_order_at,
           m.days_since_last_order, m.days_since_first_order, m.total_spend, m.spend_in_window,
           m.average_order_value, m.largest_order_total, m.discounted_order_share, m.mobile_order_share,
           m.social_order_share, m.top_category, m.top_category_share, m.active_quarters_in_last4,
           m.visits_last30_days, m.orders_after_last_cart_add, m.inter_purchase_gap_cv,
           case when m.rfm_frequency_value > 0 then clientele_rfm_score(-m.days_since_last_order, state.recency_cuts) end,
           case when m.rfm_frequency_value > 0 then clientele_rfm_score(m.rfm_frequency_value, state.frequency_cuts) end,
           case when m.rfm_frequency_value > 0 then clientele_rfm_score(m.rfm_monetary_value, state.monetary_cuts) end,
           (case when m.order_count = 0 then 'PROSPECT'
                 when m.days_since_first_order < s.new_customer_days then 'NEW'
                 when m.days_since_last_order >= s.lost_after_days then 'LOST'
                 when m.days_since_last_order >= s.lapsed_after_days then 'LAPSED'
                 when m.order_count = 1 then 'ONE_TIME'
                 when m.orders_last365_days >= s.loyal_min_orders and m.active_quarters_in_last4 >= 3 then 'LOYAL'
                 when m.orders_last365_days >= s.regular_min_orders then 'REGULAR'
                 else 'OCCASIONAL' end)::varchar(64),
           m.orders_last365_days, m.bulk_orders_in_window,
           case when m.orders_in_window > 0 then (m.quick_orders::numeric / m.orders_in_window)::float8 end,
           m.research_visits_per_order, m.visits_in_window, m.mobile_visit_share, m.days_since_last_cart_add,
           m.kind, m.country, m.gender, m.acquisition_source, m.registered, m.marketing_consent, m.first_seen_at,
           m.birth_date, m.latest_device, m.latest_source, m.next_change_at
    from metrics m cross join segment_state state
$$;

-- The metrics of the given customers, computed and not stored (for customers the engine has not evaluated yet).
create or replace function clientele_compute_metrics(p_as_of timestamptz, p_ids bigint[], s clientele_settings)
    returns setof customer_metrics language plpgsql stable set timezone = 'UTC' as $$
declare
    clock  text[] := clientele_custom_clock();
    starts clientele_window_starts := clientele_window_starts(p_as_of, s);
begin
    return query select * from clientele_metrics_rows(p_as_of, p_ids, s, starts, clock, false);
end
$$;

-- The metrics of everyone (p_ids null) or the given customers, stored: the rows are replaced whole.
create or replace function clientele_refresh_metrics(p_as_of timestamptz, p_ids bigint[], s clientele_settings)
    returns void language plpgsql
    -- index lookups of a few customers' lines cost what they do on SSDs and in cache, not the default 4
    set timezone = 'UTC' set random_page_cost = 1.1 as $$
declare
    clock  text[] := clientele_custom_clock();
    starts clientele_window_starts := clientele_window_starts(p_as_of, s);
begin
    if p_ids is null then
        -- PostgreSQL runs no part of an INSERT's query in parallel, but does a CREATE TABLE AS's: everyone's
        -- metrics are computed by every core into a temporary table, then copied
        create temp table clientele_computed_metrics on commit drop as
            select * from clientele_metrics_rows(p_as_of, null, s, starts, clock, true);
        delete from customer_metrics;
        insert into customer_metrics select * from clientele_computed_metrics;
        drop table clientele_computed_metrics;
    else
        delete from customer_metrics cm where cm.customer_id = any(p_ids);
        insert into customer_metrics select * from clientele_metrics_rows(p_as_of, p_ids, s, starts, clock, false);
    end if;
end
$$;

-- The built-in memberships that the stored metrics of everyone (p_everyone) or the customers p_ids imply:
-- the lifecycle stage, the RFM group of the scores (rfm_group), and the behaviour rules of SEGMENTS.md
-- section 3, each as the comparison that its rule form (Segment.rule) writes, so that the two cannot mean
-- different things. Inlined, as clientele_metrics_rows: callers pass p_everyone as a literal.
create or replace function clientele_builtin_memberships(p_ids bigint[], s clientele_settings,
                                                         p_big_spender_total numeric, p_everyone boolean)
    returns table (customer_id bigint, segment_key varchar, detail varchar) language sql stable as $$
    select cm.customer_id, cm.lifecycle, null from customer_metrics cm
    where p_everyone or cm.customer_id = any(p_ids)
    union all
    select cm.customer_id, g.segment_key, null from customer_metrics cm
    join rfm_group g on g.r = cm.rfm_recency and g.fm = (cm.rfm_frequency + cm.rfm_monetary + 1) / 2
    where p_everyone or cm.customer_id = any(p_ids)
    union all
    select cm.customer_id, b.segment_key, b.detail
    from customer_metrics cm join customer c on c.id = cm.customer_id
    cross join lateral (values
        ('RECENT_BUYER', cm.days_since_last_order < s.recent_days, null),
        ('BIG_SPENDER', cm.largest_order_total >= p_big_spender_total, null),
        ('WHOLESALE', c.kind = 'BUSINESS' or cm.bulk_orders_in_window >= 2, null),
        ('DISCOUNT_DRIVEN', cm.orders_in_window >= 2 and cm.discounted_order_share >= s.discount_share, null),
        ('IMPULSIVE', cm.orders_in_window >= 2 and cm.quick_order_share >= s.impulse_share, null),
        ('CATEGORY_FOCUSED', cm.orders_in_window >= 3 and cm.top_category_share >= s.focus_share, cm.top_category),
        ('IRREGULAR', cm.orders_in_window >= 3 and cm.inter_purchase_gap_cv >= s.irregular_cv, null),
        ('PRICE_COMPARER', cm.orders_in_window >= 2 and cm.research_visits_per_order >= s.research_visits, null),
        ('MOBILE_SHOPPER', (cm.orders_in_window >= 2 and cm.mobile_order_share >= s.mobile_share)
            or (cm.orders_in_window < 2 and cm.visits_in_window >= 2 and cm.mobile_visit_share >= s.mobile_share), null),
        ('SOCIAL_SHOPPER', c.acquisition_source = 'SOCIAL'
            or (cm.orders_in_window >= 2 and cm.social_order_share >= 0.5::float8), null),
        ('ACTIVE_BROWSER', cm.order_count = 0 and cm.visits_last30_days >= 2, null),
        ('CART_ABANDONER', cm.days_since_last_cart_add < 30 and cm.orders_after_last_cart_add = 0, null),
        ('BUSINESS', c.kind = 'BUSINESS', null),
        ('GUEST', not c.registered, null)) b(segment_key, member, detail)
    where (p_everyone or cm.customer_id = any(p_ids)) and coalesce(b.member, false)
$$;

-- ... written to segment_candidate, for clientele_apply.
create or replace function clientele_builtin_candidates(p_ids bigint[], s clientele_settings)
    returns void language plpgsql as $$
declare
    big_spender_total numeric := coalesce(s.big_spender_order_total, (select big_spender_total from segment_state));
begin
    if p_ids is null then
        insert into segment_candidate select * from clientele_builtin_memberships(null, s, big_spender_total, true);
    else
        insert into segment_candidate select * from clientele_builtin_memberships(p_ids, s, big_spender_total, false);
    end if;
end
$$;

-- The members of custom segments, written to segment_candidate. Each segment's compiled predicate (rule_sql,
-- written by the service's rule compiler, RuleSql, over customer_metrics cm and, where it reads them,
-- customer c) reads the instant as $1, the rule's values as $2 (rule_parameters: every value reaches the
-- statement as a bind parameter) and the customers as $3 (aggregates read only theirs; null: everyone).
--
-- For everyone (clientele_custom_candidates): one statement per segment, planned for it, found by every
-- core (CREATE TABLE AS, as clientele_refresh_metrics) and then copied.
create function clientele_custom_candidates(p_as_of timestamptz, p_keys text[])
    returns void language plpgsql as $$
declare
    segment record;
begin
    for segment in select d.key, d.rule_sql, d.rule_parameters, d.rule_reads_customer from segment_definition d
                   where d.family = 'CUSTOM' and d.key = any(p_keys) order by d.key loop
        execute 'create temp table clientele_segment_members on commit drop as select cm.customer_id from '
             || case when segment.rule_reads_customer then 'customer_metrics cm join customer c on c.id = cm.customer_id'
                     else 'customer_metrics cm' end
             || ' where (' || segment.rule_sql || ')'
            using p_as_of, segment.rule_parameters, null::bigint[];
        insert into segment_candidate (customer_id, segment_key) select m.customer_id, segment.key
        from clientele_segment_members m;
        drop table clientele_segment_members;
    end loop;
end
$$;

-- For a few customers, on every write: one statement per rank for all its segments (custom_segment_rank),
-- compiled here when the definitions change. Planning twenty statements cost more than running them, and
-- building the one statement on every write cost more than running it too. $2 holds every segment's values
-- as the rows of a two-dimensional array (padded with nulls), and each predicate reads its own row:
-- ($2::text[])[k] becomes ($2::text[])[row][k], a slice [a:b] becomes [row:row][a:b] (which = any() reads
-- the same); RuleSql writes every value reference in these two forms. Its filter of the customers that
-- aggregates read, "($3 is null or x.customer_id = any($3))", loses its first half: here $3 is never null,
-- and a kept generic plan cannot know that, so it would not look the customers up.
create or replace function clientele_compile_custom_ranks() returns void language plpgsql as $$
declare
    rank       record;
    segment    record;
    rules      text[];
    parameters text[];
    row_no     integer;
    statement  text;
begin
    delete from custom_segment_rank;
    for rank in select d.evaluation_rank, array_agg(d.key::text order by d.key) as keys,
                       max(coalesce(cardinality(d.rule_parameters), 0)) as width, bool_or(d.rule_reads_customer) as customer
                from segment_definition d where d.family = 'CUSTOM' group by d.evaluation_rank loop
        rules := '{}';
        parameters := '{}';
        row_no := 0;
        for segment in select d.rule_sql, d.rule_parameters from segment_definition d
                       where d.family = 'CUSTOM' and d.evaluation_rank = rank.evaluation_rank order by d.key loop
            row_no := row_no + 1;
            rules := rules || format('(%s, %s)', row_no, regexp_replace(regexp_replace(regexp_replace(segment.rule_sql,
                         '\(\$2::text\[\]\)\[(\d+)\]', format('($2::text[])[%s][\1]', row_no), 'g'),
                         '\(\$2::text\[\]\)\[(\d+):(\d+)\]', format('($2::text[])[%s:%s][\1:\2]', row_no, row_no), 'g'),
                         '\(\$3::bigint\[\] is null or (\w+)\.customer_id = any\(\$3::bigint\[\]\)\)',
                         '\1.customer_id = any($3::bigint[])', 'g'));
            if rank.width > 0 then
                parameters := parameters || array[coalesce(segment.rule_parameters, '{}')
                                                  || array_fill(null::text, array[rank.width - coalesce(cardinality(segment.rule_parameters), 0)])];
            end if;
        end loop;
        statement := 'insert into segment_candidate (customer_id, segment_key) select cm.customer_id, ($4::text[])[rule.position] from '
             || case when rank.customer then 'customer_metrics cm join customer c on c.id = cm.customer_id' else 'customer_metrics cm' end
             || ' cross join lateral (values ' || array_to_string(rules, ', ') || ') as rule(position, member)'
             || ' where cm.customer_id = any($3) and rule.member';
        insert into custom_segment_rank (evaluation_rank, segment_keys, rule_parameters, statement, statement_name)
        values (rank.evaluation_rank, rank.keys, parameters, statement, 'clientele_custom_' || md5(statement));
    end loop;
end
$$;

-- Every change of the definitions (custom segments created, changed, deleted; rules recompiled at start-up)
-- compiles the ranks again, in the changing transaction. Those transactions hold the engine lock
-- exclusively (R__write_locks), so they do not race each other, and a write sees the ranks of the
-- definitions it sees.
create or replace function clientele_custom_ranks_follow_definitions() returns trigger language plpgsql as $$
begin
    perform clientele_compile_custom_ranks();
    return null;
end
$$;

create or replace trigger segment_definition_compiles_custom_ranks
    after insert or update or delete or truncate on segment_definition
    for each statement execute function clientele_custom_ranks_follow_definitions();

-- Runs one rank's statement for the customers p_ids. A dynamic statement is planned on every EXECUTE, so it is
-- prepared once per connection, under its statement_name, and executed with the caller's generic-plan mode.
-- A utility EXECUTE takes no bind parameters from PL/pgSQL, so the values travel as transaction-local
-- settings that its argument expressions read: they are data to the end, never SQL text. A session-level
-- marker saves looking the name up in pg_prepared_statements on every call; a rolled-back transaction
-- takes the marker with it but not the statement (PREPARE is not transactional), hence the look-up when
-- the marker is missing.
create function clientele_custom_rank_candidates(p_as_of timestamptz, p_ids bigint[], p_rank custom_segment_rank)
    returns void language plpgsql as $$
declare
    stale text;
begin
    if current_setting('clientele.' || p_rank.statement_name, true) is distinct from 'prepared' then
        if not exists (select 1 from pg_prepared_statements ps where ps.name = p_rank.statement_name) then
            -- rules edited over the life of a connection leave their old statements behind: past a bound,
            -- all of them go (with their markers), and the ranks still in use are prepared again
            if (select count(*) from pg_prepared_statements ps where ps.name like 'clientele\_custom\_%') >= 64 then
                for stale in select ps.name from pg_prepared_statements ps where ps.name like 'clientele\_custom\_%' loop
                    execute format('deallocate %I', stale);
                    perform set_config('clientele.' || stale, '', false);
                end loop;
            end if;
            execute format('prepare %I (timestamptz, text[], bigint[], text[]) as %s', p_rank.statement_name,
                           p_rank.statement);
        end if;
        perform set_config('clientele.' || p_rank.statement_name, 'prepared', false);
    end if;
    perform set_config('clientele.custom_as_of', p_as_of::text, true),
            set_config('clientele.custom_parameters', p_rank.rule_parameters::text, true),
            set_config('clientele.custom_ids', p_ids::text, true),
            set_config('clientele.custom_keys', p_rank.segment_keys::text, true);
    execute format('execute %I (current_setting(''clientele.custom_as_of'')::timestamptz, '
                   'current_setting(''clientele.custom_parameters'')::text[], '
                   'current_setting(''clientele.custom_ids'')::bigint[], current_setting(''clientele.custom_keys'')::text[])',
                   p_rank.statement_name);
end
$$;

-- How the candidates of the given segments differ from the stored memberships, for everyone (p_everyone)
-- or the customers p_ids: one row per entry, exit or changed detail. Inlined, as clientele_metrics_rows.
create or replace function clientele_membership_difference(p_ids bigint[], p_keys text[], p_everyone boolean)
    returns table (customer_id bigint, segment_key varchar, detail varchar, entered boolean, exited boolean)
    language sql stable as $$
    with stored as (
        select sm.customer_id, sm.segment_key, sm.detail from segment_membership sm
        where p_everyone and sm.segment_key = any(p_keys)
        union all  -- a few customers' memberships by the primary key, not by the segments' index of every member
        select sm.customer_id, sm.segment_key, sm.detail from unnest(p_ids) as c(id)
        join segment_membership sm on sm.customer_id = c.id and sm.segment_key = any(p_keys)
        where not p_everyone)
    select coalesce(n.customer_id, o.customer_id), coalesce(n.segment_key, o.segment_key), n.detail,
           o.customer_id is null, n.customer_id is null
    from (select sc.customer_id, sc.segment_key, sc.detail from segment_candidate sc
          where (p_everyone or sc.customer_id = any(p_ids)) and sc.segment_key = any(p_keys)) n
    full join stored o on o.customer_id = n.customer_id and o.segment_key = n.segment_key
    where n.customer_id is null or o.customer_id is null or o.detail is distinct from n.detail
$$;

-- ... for clientele_apply's statement, which is written once: each branch keeps its own plan.
create or replace function clientele_membership_changes(p_ids bigint[], p_keys text[])
    returns table (customer_id bigint, segment_key varchar, detail varchar, entered boolean, exited boolean)
    language plpgsql stable rows 100 as $$
begin
    if p_ids is null then
        return query select * from clientele_membership_difference(null, p_keys, true);
    else
        return query select * from clientele_membership_difference(p_ids, p_keys, false);
    end if;
end
$$;

-- Consumes the candidates of the given segments for everyone (p_ids null) or the given customers and makes
-- the stored memberships equal to them: exits, entries and changed details, each entry and exit recorded in
-- membership_change at p_as_of. Returns how many memberships those customers now have in those segments.
create function clientele_apply(p_as_of timestamptz, p_ids bigint[], p_keys text[])
    returns integer language plpgsql as $$
declare
    members  integer;
    changed  integer;
    nestloop text := current_setting('enable_nestloop');
begin
    if p_ids is null then
        -- For everyone (creating, changing or deleting a segment, a full run) the sets are large, and the
        -- planner cannot know it: the candidates were just written to a truncated table, and a new or grown
        -- segment's key has no statistics yet. It then estimates one row and joins the memberships to the
        -- difference in a nested loop, which is quadratic: deleting a segment of 78,760 members ran for more
        -- than 7 minutes at a million customers instead of 2 s. Hash joins are right at that size.
        perform set_config('enable_nestloop', 'off', true);
    end if;
    with difference as materialized (select * from clientele_membership_changes(p_ids, p_keys)),
    exits as (
        delete from segment_membership sm using difference d
        where d.exited and sm.customer_id = d.customer_id and sm.segment_key = d.segment_key
        returning sm.customer_id, sm.segment_key),
    entries as (
        insert into segment_membership (customer_id, segment_key, since, detail)
        select d.customer_id, d.segment_key, p_as_of, d.detail from difference d where d.entered
        returning customer_id, segment_key),
    details as (
        update segment_membership sm set detail = d.detail from difference d
        where not d.entered and not d.exited and sm.customer_id = d.customer_id and sm.segment_key = d.segment_key),
    changes as (
        insert into membership_change (customer_id, segment_key, entered, at)
        select customer_id, segment_key, false, p_as_of from exits
        union all
        select customer_id, segment_key, true, p_as_of from entries)
    select count(*) into changed from difference d where d.entered or d.exited;
    perform set_config('enable_nestloop', nestloop, true);
    -- the candidates are consumed
    if p_ids is null then
        with consumed as (delete from segment_candidate sc where sc.segment_key = any(p_keys) returning 1)
        select count(*) into members from consumed;
    else
        with consumed as (delete from segment_candidate sc
                          where sc.customer_id = any(p_ids) and sc.segment_key = any(p_keys) returning 1)
        select count(*) into members from consumed;
    end if;
    if changed > 0 then
        perform clientele_announce_changes();
    end if;
    return members;
end
$$;

-- Wakes the change feed's live readers (every replica LISTENs on this channel) when the transaction
-- commits; PostgreSQL sends one notification per transaction however often it is called. The readers
-- then read the commit-ordered log itself, so a lost or early notification costs latency, never a change.
create or replace function clientele_announce_changes() returns void language sql as $$
    select pg_notify('clientele_membership_change', '')
$$;

-- Before customers are erased: each current membership ends with an exit (so that marketing tools stop
-- mailing them), and their changes stay in the feed without a customer, so that no cursor breaks and
-- nothing identifies anyone.
create or replace function clientele_forget(p_as_of timestamptz, p_ids bigint[])
    returns void language plpgsql as $$
begin
    with gone as (
        delete from segment_membership sm where sm.customer_id = any(p_ids) returning sm.customer_id, sm.segment_key)
    insert into membership_change (customer_id, segment_key, entered, at)
    select customer_id, segment_key, false, p_as_of from gone;
    if found then
        perform clientele_announce_changes();
    end if;
    update membership_change set customer_id = null where customer_id = any(p_ids);
end
$$;

-- Everything for the given customers (everyone: p_ids null, a full run), returning (customers,
-- memberships). Built-ins first, then custom segments by evaluation rank: inSegment of a segment of a
-- lower rank reads memberships that this run has already applied.
create function clientele_refresh(p_as_of timestamptz, p_ids bigint[])
    returns table (customers integer, memberships integer) language plpgsql as $$
declare
    s          clientele_settings := clientele_current_settings();
    full_run   boolean := p_ids is null;
    members    integer;
    rank_keys  text[];
    rank       custom_segment_rank;
    caller_jit text := current_setting('jit');
    caller_plans text := current_setting('plan_cache_mode');
begin
    if full_run then
        -- sorts and hashes over every order and visit: give this transaction the memory to keep them off disk
        perform set_config('work_mem', '256MB', true);
        -- planned for this instant and these sizes
        perform set_config('plan_cache_mode', 'force_custom_plan', true);
        perform clientele_population_statistics(p_as_of, s);
    else
        -- A few customers, on every write: every statement is written for them (= any(p_ids), see
        -- clientele_metrics_rows), and its plan of index lookups, made once per connection, serves every
        -- call; planning the metrics statement alone took 3 to 5 ms a call. JIT compilation would cost far
        -- more than it saves (statements estimated over whole tables compiled for a second and more).
        perform set_config('plan_cache_mode', 'force_generic_plan', true);
        perform set_config('jit', 'off', true);
    end if;
    perform clientele_refresh_metrics(p_as_of, p_ids, s);
    perform clientele_builtin_candidates(p_ids, s);
    members := clientele_apply(p_as_of, p_ids, array(select key from segment_definition where family <> 'CUSTOM'));
    if full_run then
        for rank_keys in select array_agg(key order by key) from segment_definition where family = 'CUSTOM'
                         group by evaluation_rank order by evaluation_rank loop
            perform clientele_custom_candidates(p_as_of, rank_keys);
            members := members + clientele_apply(p_as_of, null, rank_keys);
        end loop;
        perform clientele_record_sizes(p_as_of, null);
        -- every candidate was consumed; a full run holds the engine lock exclusively, so no writer has rows
        -- here, and truncating gives the millions of dead rows back at once instead of leaving them to vacuum
        truncate segment_candidate;
    else
        for rank in select * from custom_segment_rank order by evaluation_rank loop
            perform clientele_custom_rank_candidates(p_as_of, p_ids, rank);
            members := members + clientele_apply(p_as_of, p_ids, rank.segment_keys);
        end loop;
    end if;
    -- the caller's settings, for the rest of its transaction
    perform set_config('jit', caller_jit, true);
    perform set_config('plan_cache_mode', caller_plans, true);
    if full_run then
        return query select count(*)::int, members from customer;
    else
        return query select count(*)::int, members from customer c where c.id = any(p_ids);
    end if;
end
$$;

-- The customers whose next time-based change has come (next_change_at <= p_now), at most p_limit of them:
-- each evaluated at its own instant, so that every entry and exit is recorded when the rule crossed, not
-- when this noticed. Locks them as writes do (R__write_locks), then reads their instants again: a write
-- that came first has already evaluated them at a later instant. Returns how many were evaluated; a
-- customer whose new instant has passed too is due again at the next call.
create or replace function clientele_refresh_due(p_now timestamptz, p_limit integer)
    returns integer language plpgsql as $$
declare
    candidates bigint[];
    due        record;
    evaluated  integer := 0;
begin
    select array_agg(customer_id) into candidates from (
        select cm.customer_id from customer_metrics cm where cm.next_change_at <= p_now
        order by cm.next_change_at limit p_limit) first_due;
    if candidates is null then
        return 0;
    end if;
    perform count(*) from clientele_lock_customer_ids(candidates);
    for due in select cm.next_change_at as at, array_agg(cm.customer_id) as ids from customer_metrics cm
               where cm.customer_id = any(candidates) and cm.next_change_at <= p_now
               group by cm.next_change_at order by cm.next_change_at loop
        perform clientele_refresh(due.at, due.ids);
        evaluated := evaluated + cardinality(due.ids);
    end loop;
    return evaluated;
end
$$;

-- Today's size of the given segments (all: null), zero for an empty one, with their statistics: the
-- members' orders and spend in the window and the shop's (V11). One pass over the memberships, joined to
-- the metrics by hash: at a million customers, 7.8 million memberships.
create or replace function clientele_record_sizes(p_as_of timestamptz, p_keys text[])
    returns void language plpgsql set plan_cache_mode = force_custom_plan as $$
begin
    insert into segment_size_daily (segment_key, day, size, evaluated_at, recorded_at, orders_in_window,
                                    revenue_in_window, shop_customers, shop_orders_in_window, shop_revenue_in_window)
    with members as (
        select sm.segment_key, count(*) as size, coalesce(sum(cm.orders_in_window), 0) as orders,
               coalesce(sum(cm.spend_in_window), 0) as revenue
        from segment_membership sm left join customer_metrics cm on cm.customer_id = sm.customer_id
        where p_keys is null or sm.segment_key = any(p_keys)
        group by sm.segment_key),
    shop as (
        select (select count(*) from customer) as customers,
               coalesce(sum(cm.orders_in_window), 0) as orders, coalesce(sum(cm.spend_in_window), 0) as revenue
        from customer_metrics cm)
    select d.key, (p_as_of at time zone 'UTC')::date, coalesce(m.size, 0), p_as_of, statement_timestamp(),
           coalesce(m.orders, 0), coalesce(m.revenue, 0), shop.customers, shop.orders, shop.revenue
    from segment_definition d cross join shop left join members m on m.segment_key = d.key
    where p_keys is null or d.key = any(p_keys)
    on conflict (segment_key, day) do update set
        size = excluded.size, evaluated_at = excluded.evaluated_at, recorded_at = excluded.recorded_at,
        orders_in_window = excluded.orders_in_window, revenue_in_window = excluded.revenue_in_window,
        shop_customers = excluded.shop_customers, shop_orders_in_window = excluded.shop_orders_in_window,
        shop_revenue_in_window = excluded.shop_revenue_in_window;
end
$$;

-- The given custom segments (with everything that depends on them, which the caller includes) for
-- everyone, in evaluation rank: after a segment was created or its rule changed. Returns how many
-- memberships they now have.
create function clientele_refresh_segments(p_as_of timestamptz, p_keys text[])
    returns integer language plpgsql set timezone = 'UTC' set plan_cache_mode = force_custom_plan as $$
declare
    members   integer := 0;
    rank_keys text[];
    clock     text[] := array(select distinct e from segment_definition d cross join unnest(d.rule_clock) e
                              where d.key = any(p_keys));
begin
    perform set_config('work_mem', '256MB', true);
    for rank_keys in select array_agg(key order by key) from segment_definition
                     where family = 'CUSTOM' and key = any(p_keys) group by evaluation_rank order by evaluation_rank loop
        perform clientele_custom_candidates(p_as_of, rank_keys);
        members := members + clientele_apply(p_as_of, null, rank_keys);
    end loop;
    perform clientele_record_sizes(p_as_of, p_keys);
    truncate segment_candidate; -- as after a full run: the caller holds the engine lock exclusively
    -- the rules' time conditions move memberships on the minute from now on: their instants, where earlier
    update customer_metrics cm set next_change_at = ci.at
    from clientele_clock_instants(p_as_of, null, clock, true) ci
    where ci.customer_id = cm.customer_id and (cm.next_change_at is null or ci.at < cm.next_change_at);
    return members;
end
$$;

update segment_state set needs_full_recompute = true;
-- the ranks as this file compiles them
select clientele_compile_custom_ranks();
