-- Segments as data: the built-in catalogue and custom segments in one table, the metrics that the
-- built-in rules need as columns (so that every built-in is a rule over metrics), and the scratch
-- table where the engine's stages leave candidates for its apply step. The engine itself moves to
-- the repeatable migration R__segment_engine.sql.

drop function clientele_refresh(timestamptz, bigint[]);

create table segment_definition (
    key             varchar(64)   primary key,
    family          varchar(16)   not null check (family in ('LIFECYCLE', 'RFM', 'BEHAVIOUR', 'CUSTOM')),
    -- catalogue order of the built-ins; for lifecycle also the first-match order
    position        integer,
    name            varchar(200)  not null,
    description     varchar(2000),
    -- custom segments: the canonical rule text, and its compiled predicate (rule/RuleSql) over
    -- customer c and customer_metrics cm whose values are the bind parameters rule_parameters ($2)
    rule_text       text,
    rule_sql        text,
    rule_parameters text[],
    -- custom segments: the segments its rule names, and 1 + the highest rank of the custom ones
    depends_on      varchar(64)[] not null default '{}',
    evaluation_rank integer,
    created_at      timestamptz   not null default now(),
    updated_at      timestamptz   not null default now(),
    check ((family = 'CUSTOM') = (rule_text is not null and rule_sql is not null and rule_parameters is not null
                                   and evaluation_rank >= 1)),
    check ((family = 'CUSTOM') = (position is null)),
    check (family <> 'CUSTOM' or key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    check (family = 'CUSTOM' or key ~ '^[A-Z][A-Z0-9_]*$')
);
create index segment_definition_depends_on on segment_definition using gin (depends_on);

insert into segment_definition (key, family, position, name, description) values
    ('PROSPECT', 'LIFECYCLE', 1, 'Prospect', 'Has not bought yet.'),
    ('NEW', 'LIFECYCLE', 2, 'New', 'First order within newCustomerDays.'),
    ('LOST', 'LIFECYCLE', 3, 'Lost', 'No order within lostAfterDays.'),
    ('LAPSED', 'LIFECYCLE', 4, 'Lapsed', 'No order within lapsedAfterDays: win back.'),
    ('ONE_TIME', 'LIFECYCLE', 5, 'One-time', 'One purchase, never returned.'),
    ('LOYAL', 'LIFECYCLE', 6, 'Loyal', 'At least loyalMinOrders orders in 365 days, active in 3 of the last 4 quarters.'),
    ('REGULAR', 'LIFECYCLE', 7, 'Regular', 'At least regularMinOrders orders in 365 days.'),
    ('OCCASIONAL', 'LIFECYCLE', 8, 'Occasional', 'Buys now and then.'),
    ('CHAMPION', 'RFM', 9, 'Champion', 'Bought recently, buys often and spends the most.'),
    ('LOYAL_CUSTOMER', 'RFM', 10, 'Loyal customer', 'Buys regularly with good value.'),
    ('POTENTIAL_LOYALIST', 'RFM', 11, 'Potential loyalist', 'Recent customer with average frequency.'),
    ('RECENT', 'RFM', 12, 'Recent', 'Bought very recently, rarely before.'),
    ('PROMISING', 'RFM', 13, 'Promising', 'Recent, not yet frequent.'),
    ('NEEDS_ATTENTION', 'RFM', 14, 'Needs attention', 'Average recency, frequency and value.'),
    ('ABOUT_TO_SLEEP', 'RFM', 15, 'About to sleep', 'Below-average recency and frequency.'),
    ('AT_RISK', 'RFM', 16, 'At risk', 'Used to buy often, not recently.'),
    ('CANNOT_LOSE', 'RFM', 17, 'Cannot lose', 'Made the biggest purchases, long ago.'),
    ('HIBERNATING', 'RFM', 18, 'Hibernating', 'Last purchase long ago, low frequency.'),
    ('LOST_CAUSE', 'RFM', 19, 'Lost cause', 'Lowest recency, frequency and value.'),
    ('RECENT_BUYER', 'BEHAVIOUR', 20, 'Recent buyer', 'An order within the last recentDays days.'),
    ('BIG_SPENDER', 'BEHAVIOUR', 21, 'Big spender', 'An order in window at or above bigSpenderOrderTotal (default: the 90th percentile of order totals).'),
    ('WHOLESALE', 'BEHAVIOUR', 22, 'Wholesale', 'A business, or at least 2 bulk orders in window.'),
    ('DISCOUNT_DRIVEN', 'BEHAVIOUR', 23, 'Discount-driven', 'At least discountShare of 2+ orders in window discounted.'),
    ('IMPULSIVE', 'BEHAVIOUR', 24, 'Impulsive', 'At least impulseShare of 2+ orders in window placed within impulseMinutes of an unplanned visit.'),
    ('CATEGORY_FOCUSED', 'BEHAVIOUR', 25, 'Category-focused', 'At least focusShare of spend in window in one category (the detail).'),
    ('IRREGULAR', 'BEHAVIOUR', 26, 'Irregular', 'Gaps between 3+ orders in window vary by at least irregularCv.'),
    ('PRICE_COMPARER', 'BEHAVIOUR', 27, 'Price comparer', 'On average researchVisits visits in the 14 days before each of 2+ orders.'),
    ('MOBILE_SHOPPER', 'BEHAVIOUR', 28, 'Mobile shopper', 'At least mobileShare of orders (or visits) from phones.'),
    ('SOCIAL_SHOPPER', 'BEHAVIOUR', 29, 'Social shopper', 'Acquired through social media, or half of 2+ orders from social.'),
    ('ACTIVE_BROWSER', 'BEHAVIOUR', 30, 'Active browser', 'No order yet, 2+ visits in the last 30 days.'),
    ('CART_ABANDONER', 'BEHAVIOUR', 31, 'Cart abandoner', 'Added to cart in the last 30 days without ordering since.'),
    ('BUSINESS', 'BEHAVIOUR', 32, 'Business', 'A business customer.'),
    ('GUEST', 'BEHAVIOUR', 33, 'Guest', 'Not a registered account holder.');

-- The metrics that the behaviour and lifecycle rules read, so that each built-in is a rule over
-- stored metrics (Segment.rule) and an explanation can show every value it used.
alter table customer_metrics
    add column lifecycle                 varchar(64),
    add column orders_last365_days       integer not null default 0,
    add column bulk_orders_in_window     integer not null default 0,
    add column quick_order_share         double precision,
    add column research_visits_per_order double precision,
    add column visits_in_window          integer not null default 0,
    add column mobile_visit_share        double precision,
    add column days_since_last_cart_add  integer;

-- Where the engine's stages leave the memberships they computed, for the apply step to compare with
-- the stored ones and consume. Rows live only inside the transaction that wrote them (each writer
-- holds its customers' locks, a full run the engine lock), so the table needs no WAL: unlogged.
create unlogged table segment_candidate (
    customer_id bigint      not null,
    segment_key varchar(64) not null,
    detail      varchar(128)
);
create index segment_candidate_customer on segment_candidate (customer_id);

-- Set when the engine's SQL changed (R__segment_engine.sql ends by setting it): the next start
-- recomputes every customer with it, at the pinned instant or now.
alter table segment_state add column needs_full_recompute boolean not null default true;
