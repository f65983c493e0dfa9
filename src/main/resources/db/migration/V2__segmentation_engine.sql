-- The segmentation engine: settings, the per-customer metrics read model, memberships with their
-- history, and clientele_refresh(), the set-based computation of SEGMENTS.md sections 1 to 3.

create table segment_setting (
    name  varchar(64) primary key,
    value numeric  -- null: unset (only bigSpenderOrderTotal may be unset)
);
insert into segment_setting (name, value) values
    ('window', 365), ('rfmWindow', 730), ('newCustomerDays', 30), ('lostAfterDays', 365),
    ('lapsedAfterDays', 90), ('loyalMinOrders', 6), ('regularMinOrders', 3), ('recentDays', 30),
    ('bigSpenderOrderTotal', null), ('bulkLineQuantity', 10), ('bulkOrderUnits', 50),
    ('discountShare', 0.6), ('impulseShare', 0.5), ('impulseMinutes', 15), ('focusShare', 0.8),
    ('irregularCv', 1.0), ('researchVisits', 3), ('mobileShare', 0.6);

-- What the last full recompute learnt about everyone, applied to single customers in between:
-- RFM cut-points (score s is reached at value >= cut[s-1]) and the big-spender threshold.
create table segment_state (
    singleton            boolean primary key default true check (singleton),
    pinned_as_of         timestamptz,  -- set by recomputeSegments(asOf): incremental updates evaluate there
    last_full_as_of      timestamptz,
    big_spender_total    numeric,
    recency_cuts         numeric[] not null default '{}',
    frequency_cuts       numeric[] not null default '{}',
    monetary_cuts        numeric[] not null default '{}'
);
insert into segment_state default values;

create table customer_metrics (
    customer_id                bigint primary key references customer (id) on delete cascade,
    as_of                      timestamptz not null,
    order_count                integer not null,
    orders_in_window           integer not null,
    first_order_at             timestamptz,
    last_order_at              timestamptz,
    days_since_last_order      integer,
    days_since_first_order     integer,
    total_spend                numeric not null,
    spend_in_window            numeric not null,
    average_order_value        numeric,
    largest_order_total        numeric,
    discounted_order_share     double precision,
    mobile_order_share         double precision,
    social_order_share         double precision,
    top_category               varchar(128),
    top_category_share         double precision,
    active_quarters_in_last4   integer not null,
    visits_last30_days         integer not null,
    orders_after_last_cart_add integer,
    inter_purchase_gap_cv      double precision,
    rfm_recency                smallint,
    rfm_frequency              smallint,
    rfm_monetary               smallint
);

create table segment_membership (
    customer_id bigint      not null references customer (id) on delete cascade,
    segment_key varchar(64) not null,
    since       timestamptz not null,
    detail      varchar(128),
    primary key (customer_id, segment_key)
);
create index segment_membership_key on segment_membership (segment_key, customer_id);

create table membership_change (
    id          bigint generated always as identity primary key,
    customer_id bigint      not null references customer (id) on delete cascade,
    segment_key varchar(64) not null,
    entered     boolean     not null,
    at          timestamptz not null
);
create index membership_change_customer on membership_change (customer_id, id);

-- Aggregates only (no customer): kept after erasure.
create table segment_size_daily (
    segment_key varchar(64) not null,
    day         date        not null,
    size        integer     not null,
    primary key (segment_key, day)
);

create table rfm_group (r smallint, fm smallint, segment_key varchar(64) not null, primary key (r, fm));
insert into rfm_group (r, fm, segment_key) values
    (5,1,'RECENT'),(5,2,'POTENTIAL_LOYALIST'),(5,3,'LOYAL_CUSTOMER'),(5,4,'CHAMPION'),(5,5,'CHAMPION'),
    (4,1,'PROMISING'),(4,2,'POTENTIAL_LOYALIST'),(4,3,'LOYAL_CUSTOMER'),(4,4,'CHAMPION'),(4,5,'CHAMPION'),
    (3,1,'ABOUT_TO_SLEEP'),(3,2,'ABOUT_TO_SLEEP'),(3,3,'NEEDS_ATTENTION'),(3,4,'LOYAL_CUSTOMER'),(3,5,'LOYAL_CUSTOMER'),
    (2,1,'LOST_CAUSE'),(2,2,'HIBERNATING'),(2,3,'AT_RISK'),(2,4,'AT_RISK'),(2,5,'CANNOT_LOSE'),
    (1,1,'LOST_CAUSE'),(1,2,'LOST_CAUSE'),(1,3,'HIBERNATING'),(1,4,'AT_RISK'),(1,5,'CANNOT_LOSE');

-- Score of a value against cut-points: 1 + how many cuts it reaches. With cuts taken from the
-- population as "the smallest value with at least k*N/5 values strictly below it", this equals
-- SEGMENTS.md's 1 + floor(5 * smaller / N) for every value of the population (ties get one score).
create function rfm_score(v numeric, cuts numeric[]) returns smallint language sql immutable as $$
    select (1 + count(*))::smallint from unnest(cuts) c where v >= c
$$;


/*
 * Computes the metrics and memberships of the given customers (all when p_ids is null) as of
 * p_as_of, records every entry and exit, and returns (customers, memberships). A full run also
 * refreshes the RFM cut-points, the big-spender threshold and today's segment sizes.
 */
create function clientele_refresh(p_as_of timestamptz, p_ids bigint[])
    returns table (customers integer, memberships integer) language plpgsql as $$
declare
    s          jsonb := (select jsonb_object_agg(name, value) from segment_setting);
    w          interval := make_interval(days => (s->>'window')::int);
    rw         interval := make_interval(days => (s->>'rfmWindow')::int);
    full_run   boolean := p_ids is null;
    st         segment_state;
    big        numeric;
begin
    if full_run then
        -- sorts and hashes over every order and visit: give this transaction the memory to keep them off disk
        perform set_config('work_mem', '256MB', true);
    end if;
    create temp table tgt on commit drop as
        select c.id as customer_id, c.kind, c.registered, c.acquisition_source from customer c
        where full_run or c.id = any(p_ids);
    -- fresh temp tables have no statistics: without them a handful of ids could be planned as millions
    analyze tgt;
    create temp table o on commit drop as
        select p.id, p.customer_id, p.ordered_at, p.total, p.units, p.max_line_quantity, p.visit_id,
               coalesce(p.device in ('MOBILE_APP', 'MOBILE_WEB'), false) as mobile,
               coalesce(p.source = 'SOCIAL', false) as social,
               (p.discount > 0 or p.coupon_code is not null or p.any_promotion) as discounted,
               p.ordered_at > p_as_of - w as in_window, p.ordered_at > p_as_of - rw as in_rfm
        from purchase p join tgt using (customer_id)
        where p.cancelled_at is null and p.ordered_at <= p_as_of;
    create temp table v on commit drop as
        select vi.id, vi.customer_id, vi.started_at, vi.added_to_cart,
               coalesce(vi.device in ('MOBILE_APP', 'MOBILE_WEB'), false) as mobile
        from visit vi join tgt using (customer_id) where vi.started_at <= p_as_of;
    analyze o;
    analyze v;

    if full_run then
        -- nearest rank: the value at position ceil(0.9 n) of the n totals sorted ascending
        select coalesce((s->>'bigSpenderOrderTotal')::numeric,
                        (select percentile_disc(0.9) within group (order by total) from o where in_window)) into big;
    else
        select coalesce((s->>'bigSpenderOrderTotal')::numeric, big_spender_total) into big from segment_state;
    end if;

    create temp table m on commit drop as
    with agg as (
        select customer_id, count(*) as n, count(*) filter (where in_window) as niw,
               count(*) filter (where ordered_at > p_as_of - interval '365 days') as n365,
               min(ordered_at) as first_at, max(ordered_at) as last_at, sum(total) as spend,
               coalesce(sum(total) filter (where in_window), 0) as spend_w,
               avg(total) filter (where in_window) as aov, max(total) filter (where in_window) as largest,
               avg(discounted::int) filter (where in_window) as discounted_share,
               avg(mobile::int) filter (where in_window) as mobile_share,
               avg(social::int) filter (where in_window) as social_share,
               count(*) filter (where in_rfm) as f, coalesce(sum(total) filter (where in_rfm), 0) as mon,
               -- period k = (asOf - 91k days, asOf - 91(k-1) days], k = 1..4: how many hold an order
                 (count(*) filter (where ordered_at > p_as_of - interval '91 days') > 0)::int
               + (count(*) filter (where ordered_at > p_as_of - interval '182 days'
                                     and ordered_at <= p_as_of - interval '91 days') > 0)::int
               + (count(*) filter (where ordered_at > p_as_of - interval '273 days'
                                     and ordered_at <= p_as_of - interval '182 days') > 0)::int
               + (count(*) filter (where ordered_at > p_as_of - interval '364 days'
                                     and ordered_at <= p_as_of - interval '273 days') > 0)::int as quarters,
               count(*) filter (where in_window and (max_line_quantity >= (s->>'bulkLineQuantity')::numeric
                                                     or units >= (s->>'bulkOrderUnits')::numeric)) as bulk
        from o group by customer_id),
    cat as (  -- the top category by spend (ties: alphabetically first), its share of all line amounts
        select customer_id, category, amount, all_amount from (
            select customer_id, category, amount, sum(amount) over (partition by customer_id) as all_amount,
                   row_number() over (partition by customer_id order by (category is null), amount desc, category) as pos
            from (select o.customer_id, l.category, sum(l.quantity * l.unit_price) as amount
                  from o join purchase_line l on l.purchase_id = o.id where o.in_window
                  group by o.customer_id, l.category) by_category) ranked
        where pos = 1 and category is not null),
    gaps as (
        select customer_id, stddev_pop(gap) / nullif(avg(gap), 0) as cv
        from (select customer_id, extract(epoch from ordered_at - lag(ordered_at) over (partition by customer_id
                      order by ordered_at, id)) / 86400.0 as gap from o where in_window) t
        where gap is not null group by customer_id),
    quick as (
        select o.customer_id, count(*) as quick_orders from o join v on v.id = o.visit_id
        where o.in_window and o.ordered_at >= v.started_at
          and o.ordered_at <= v.started_at + make_interval(mins => (s->>'impulseMinutes')::int)
          and not exists (select 1 from visit other where other.customer_id = v.customer_id and other.id <> v.id
                          and other.started_at between v.started_at - interval '7 days' and v.started_at)
        group by o.customer_id),
    research as (  -- visits in [t - 14 days, t] of each order, by running counts: linear, not orders x visits
        select customer_id, avg(inside) as avg_visits from (
            select customer_id, order_id,
                   max(seen) filter (where edge = 2) - coalesce(max(seen) filter (where edge = 0), 0) as inside
            from (select customer_id, order_id, edge,
                         count(*) filter (where edge = 1) over (partition by customer_id order by t, edge
                                                                rows between unbounded preceding and current row) as seen
                  from (select customer_id, started_at as t, 1 as edge, null::bigint as order_id from v
                        where started_at > p_as_of - w - interval '14 days'
                        union all  -- edge 0 sorts before a visit at the same instant: such a visit is inside
                        select customer_id, ordered_at - interval '14 days', 0, id from o where in_window
                        union all  -- edge 2 sorts after a visit at the same instant: such a visit is inside
                        select customer_id, ordered_at, 2, id from o where in_window) events) counted
            where edge <> 1
            group by customer_id, order_id) per_order
        group by customer_id),
    visits as (
        select customer_id, count(*) filter (where started_at > p_as_of - interval '30 days') as last30,
               count(*) filter (where started_at > p_as_of - w) as in_window,
               avg(mobile::int) filter (where started_at > p_as_of - w) as mobile_share,
               max(started_at) filter (where added_to_cart) as last_cart,
               max(started_at) filter (where added_to_cart and started_at > p_as_of - interval '30 days') as cart30
        from v group by customer_id),
    cart as (
        select vs.customer_id, count(o.id) filter (where o.ordered_at >= vs.last_cart) as after_cart,
               vs.cart30 is not null and count(o.id) filter (where o.ordered_at >= vs.cart30) = 0 as abandoned
        from visits vs left join o on o.customer_id = vs.customer_id
        where vs.last_cart is not null group by vs.customer_id, vs.cart30)
    select t.customer_id, t.kind, t.registered, t.acquisition_source,
           coalesce(a.n, 0) as n, coalesce(a.niw, 0) as niw, coalesce(a.n365, 0) as n365,
           a.first_at, a.last_at, coalesce(a.spend, 0) as spend, coalesce(a.spend_w, 0) as spend_w, a.aov, a.largest,
           a.discounted_share, a.mobile_share, a.social_share, coalesce(a.f, 0) as f, coalesce(a.mon, 0) as mon,
           coalesce(a.quarters, 0) as quarters, coalesce(a.bulk, 0) as bulk,
           floor(extract(epoch from p_as_of - a.last_at) / 86400)::int as days_last,
           floor(extract(epoch from p_as_of - a.first_at) / 86400)::int as days_first,
           c.category as top_category, (c.amount / nullif(c.all_amount, 0))::float8 as top_share,
           g.cv, coalesce(q.quick_orders, 0) as quick_orders, r.avg_visits,
           coalesce(vs.last30, 0) as visits30, coalesce(vs.in_window, 0) as visits_w, vs.mobile_share as visit_mobile_share,
           ct.after_cart, coalesce(ct.abandoned, false) as abandoned
    from tgt t left join agg a using (customer_id) left join cat c using (customer_id)
         left join gaps g using (customer_id) left join quick q using (customer_id)
         left join research r using (customer_id) left join visits vs using (customer_id)
         left join cart ct using (customer_id);

    if full_run then
        -- cut-points per metric: for k = 1..4 the smallest value with at least k*N/5 values strictly below
        with ranked as (
            select -days_last::numeric as r, rank() over (order by -days_last) - 1 as r_below,
                   f::numeric as f, rank() over (order by f) - 1 as f_below,
                   mon as m, rank() over (order by mon) - 1 as m_below, count(*) over () as n
            from m where f > 0),
        cut as (
            select k, min(r) filter (where r_below * 5 >= k * n) as r, min(f) filter (where f_below * 5 >= k * n) as f,
                   min(m) filter (where m_below * 5 >= k * n) as m
            from ranked cross join generate_series(1, 4) k group by k)
        update segment_state set last_full_as_of = p_as_of, big_spender_total = big,
            recency_cuts = (select coalesce(array_agg(r order by k) filter (where r is not null), '{}') from cut),
            frequency_cuts = (select coalesce(array_agg(f order by k) filter (where f is not null), '{}') from cut),
            monetary_cuts = (select coalesce(array_agg(m order by k) filter (where m is not null), '{}') from cut);
    end if;
    select * into st from segment_state;

    insert into customer_metrics as cm
    select customer_id, p_as_of, n, niw, first_at, last_at, days_last, days_first, spend, spend_w, aov, largest,
           discounted_share, mobile_share, social_share, top_category, top_share, quarters, visits30, after_cart, cv,
           case when f > 0 then rfm_score(-days_last, st.recency_cuts) end,
           case when f > 0 then rfm_score(f, st.frequency_cuts) end,
           case when f > 0 then rfm_score(mon, st.monetary_cuts) end
    from m
    on conflict (customer_id) do update set
        as_of = excluded.as_of, order_count = excluded.order_count, orders_in_window = excluded.orders_in_window,
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
        days_since_last_order = excluded.days_since_last_order, days_since_first_order = excluded.days_since_first_order,
        total_spend = excluded.total_spend, spend_in_window = excluded.spend_in_window,
        average_order_value = excluded.average_order_value, largest_order_total = excluded.largest_order_total,
        discounted_order_share = excluded.discounted_order_share, mobile_order_share = excluded.mobile_order_share,
        social_order_share = excluded.social_order_share, top_category = excluded.top_category,
        top_category_share = excluded.top_category_share, active_quarters_in_last4 = excluded.active_quarters_in_last4,
        visits_last30_days = excluded.visits_last30_days, orders_after_last_cart_add = excluded.orders_after_last_cart_add,
        inter_purchase_gap_cv = excluded.inter_purchase_gap_cv, rfm_recency = excluded.rfm_recency,
        rfm_frequency = excluded.rfm_frequency, rfm_monetary = excluded.rfm_monetary;

    create temp table nm on commit drop as
    select customer_id, segment_key, detail from (
        select customer_id, case
                   when n = 0 then 'PROSPECT'
                   when first_at > p_as_of - make_interval(days => (s->>'newCustomerDays')::int) then 'NEW'
                   when last_at <= p_as_of - make_interval(days => (s->>'lostAfterDays')::int) then 'LOST'
                   when last_at <= p_as_of - make_interval(days => (s->>'lapsedAfterDays')::int) then 'LAPSED'
                   when n = 1 then 'ONE_TIME'
                   when n365 >= (s->>'loyalMinOrders')::int and quarters >= 3 then 'LOYAL'
                   when n365 >= (s->>'regularMinOrders')::int then 'REGULAR'
                   else 'OCCASIONAL' end as segment_key, null::varchar as detail from m
        union all
        select m.customer_id, g.segment_key, null from m join customer_metrics cm using (customer_id)
            join rfm_group g on g.r = cm.rfm_recency and g.fm = (cm.rfm_frequency + cm.rfm_monetary + 1) / 2
        union all
        select customer_id, k, d from m cross join lateral (values
            ('RECENT_BUYER', last_at > p_as_of - make_interval(days => (s->>'recentDays')::int), null),
            ('BIG_SPENDER', largest >= big, null),
            ('WHOLESALE', kind = 'BUSINESS' or bulk >= 2, null),
            ('DISCOUNT_DRIVEN', niw >= 2 and discounted_share >= (s->>'discountShare')::numeric, null),
            ('IMPULSIVE', niw >= 2 and quick_orders >= (s->>'impulseShare')::numeric * niw, null),
            ('CATEGORY_FOCUSED', niw >= 3 and top_share >= (s->>'focusShare')::float8, top_category),
            ('IRREGULAR', niw >= 3 and cv >= (s->>'irregularCv')::float8, null),
            ('PRICE_COMPARER', niw >= 2 and avg_visits >= (s->>'researchVisits')::numeric, null),
            ('MOBILE_SHOPPER', case when niw >= 2 then mobile_share >= (s->>'mobileShare')::numeric
                                    else visits_w >= 2 and visit_mobile_share >= (s->>'mobileShare')::numeric end, null),
            ('SOCIAL_SHOPPER', acquisition_source = 'SOCIAL' or (niw >= 2 and social_share >= 0.5), null),
            ('ACTIVE_BROWSER', n = 0 and visits30 >= 2, null),
            ('CART_ABANDONER', abandoned, null),
            ('BUSINESS', kind = 'BUSINESS', null),
            ('GUEST', not registered, null)) b(k, member, d)
        where coalesce(member, false)) all_memberships;

    -- what changed, decided once: exits, entries and detail changes of the target customers
    create temp table diff on commit drop as
        select coalesce(n.customer_id, sm.customer_id) as customer_id, coalesce(n.segment_key, sm.segment_key) as segment_key,
               n.detail, sm.customer_id is null as entered, n.customer_id is null as exited
        from nm n full join (select sm.* from segment_membership sm join tgt using (customer_id)) sm
             on sm.customer_id = n.customer_id and sm.segment_key = n.segment_key
        where n.customer_id is null or sm.customer_id is null or sm.detail is distinct from n.detail;

    delete from segment_membership sm using diff d
    where d.exited and sm.customer_id = d.customer_id and sm.segment_key = d.segment_key;
    insert into segment_membership (customer_id, segment_key, since, detail)
    select customer_id, segment_key, p_as_of, detail from diff where entered;
    update segment_membership sm set detail = d.detail from diff d
    where not d.entered and not d.exited and sm.customer_id = d.customer_id and sm.segment_key = d.segment_key;
    insert into membership_change (customer_id, segment_key, entered, at)
    select customer_id, segment_key, entered, p_as_of from diff where entered or exited;

    if full_run then
        insert into segment_size_daily (segment_key, day, size)
        select segment_key, (p_as_of at time zone 'UTC')::date, count(*) from segment_membership group by segment_key
        on conflict (segment_key, day) do update set size = excluded.size;
    end if;

    return query select (select count(*)::int from tgt), (select count(*)::int from nm);
end
$$;
