-- The customer fields that rules test most, next to the metrics: a rule over fields and metrics then reads
-- one table, not a join of two with a million rows each (a preview over everyone is a single scan). The
-- engine copies them from customer at every evaluation, so every write of a customer refreshes them.
-- Personal fields (email, name, city) and the free attributes stay on customer only.
alter table customer_metrics
    add column kind               varchar(16),
    add column country            varchar(2),
    add column gender             varchar(16),
    add column acquisition_source varchar(16),
    add column registered         boolean,
    add column marketing_consent  boolean,
    add column first_seen_at      timestamptz,
    add column birth_date         date,
    -- device and source of the latest order up to the evaluation instant, else of the latest visit
    add column latest_device      varchar(16),
    add column latest_source      varchar(16);

-- Whether a custom segment's compiled rule reads customer c (personal fields, attributes, externalId) as
-- well as customer_metrics cm.
alter table segment_definition add column rule_reads_customer boolean not null default true;

-- Aggregates over a recent window (orders(in last 90 days) >= 3) read the purchases and visits of that
-- window for everyone, not every row since the shop opened: from the index alone, where the rule filters
-- on nothing else (cancelled orders never count, so they are not in it).
create index purchase_live_ordered_at on purchase (ordered_at, customer_id) where cancelled_at is null;
create index visit_started_at on visit (started_at, customer_id);
