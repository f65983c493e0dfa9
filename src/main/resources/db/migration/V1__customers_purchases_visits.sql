-- The shop's data: customers, their purchases (orders with lines) and their visits (sessions).
-- Every rule of SEGMENTS.md "Inputs" that the database can hold is a constraint here, so that no
-- code path (API, import, manual SQL) can store what the service would refuse.

create table customer (
    id                 bigint generated always as identity primary key,
    external_id        varchar(128) not null unique,
    email              varchar(320),
    name               varchar(200),
    kind               varchar(16)  not null check (kind in ('CONSUMER', 'BUSINESS')),
    country            varchar(2)   check (country ~ '^[A-Z]{2}$'),
    city               varchar(200),
    birth_date         date,
    gender             varchar(16)  check (gender in ('FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED')),
    registered         boolean      not null,
    first_seen_at      timestamptz  not null,
    acquisition_source varchar(16)  check (acquisition_source in ('DIRECT', 'ORGANIC_SEARCH', 'PAID_SEARCH',
                           'SOCIAL', 'EMAIL', 'AFFILIATE', 'ADVERTISING', 'REFERRAL', 'MARKETPLACE', 'OTHER')),
    marketing_consent  boolean      not null,
    -- free attributes: string key to string, number or boolean value
    attributes         jsonb        not null default '{}'::jsonb check (jsonb_typeof(attributes) = 'object'),
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);
create index customer_country_kind on customer (country, kind);

create table visit (
    id             bigint generated always as identity primary key,
    external_id    varchar(128) not null unique,
    customer_id    bigint       not null references customer (id) on delete cascade,
    started_at     timestamptz  not null,
    device         varchar(16)  check (device in ('MOBILE_APP', 'MOBILE_WEB', 'DESKTOP', 'TABLET', 'OTHER')),
    source         varchar(16)  check (source in ('DIRECT', 'ORGANIC_SEARCH', 'PAID_SEARCH', 'SOCIAL', 'EMAIL',
                       'AFFILIATE', 'ADVERTISING', 'REFERRAL', 'MARKETPLACE', 'OTHER')),
    product_views  integer      not null check (product_views >= 0),
    added_to_cart  boolean      not null,
    -- SHA-256 of the canonical content: a replay with the same id is compared by this alone
    content_hash   bytea        not null
);
create index visit_customer_started on visit (customer_id, started_at);

create table purchase (
    id            bigint generated always as identity primary key,
    external_id   varchar(128)   not null unique,
    customer_id   bigint         not null references customer (id) on delete cascade,
    ordered_at    timestamptz    not null,
    currency      varchar(3)     not null check (currency ~ '^[A-Z]{3}$'),
    discount      numeric(19, 4) not null check (discount >= 0),
    coupon_code   varchar(64),
    device        varchar(16)    check (device in ('MOBILE_APP', 'MOBILE_WEB', 'DESKTOP', 'TABLET', 'OTHER')),
    source        varchar(16)    check (source in ('DIRECT', 'ORGANIC_SEARCH', 'PAID_SEARCH', 'SOCIAL', 'EMAIL',
                      'AFFILIATE', 'ADVERTISING', 'REFERRAL', 'MARKETPLACE', 'OTHER')),
    visit_id      bigint         references visit (id) on delete set null,
    -- Derived from the lines at ingest and never changed afterwards (lines are immutable), kept here so
    -- that set-based segment queries read one row per order instead of aggregating lines every time.
    subtotal      numeric(19, 4) not null check (subtotal >= 0),
    total         numeric(19, 4) not null check (total >= 0),
    units         integer        not null check (units > 0),
    max_line_quantity integer    not null check (max_line_quantity > 0),
    any_promotion boolean        not null,
    cancelled_at  timestamptz,
    content_hash  bytea          not null,
    check (total = subtotal - discount)
);
create index purchase_customer_ordered on purchase (customer_id, ordered_at);
create index purchase_visit on purchase (visit_id) where visit_id is not null;

create table purchase_line (
    id           bigint generated always as identity primary key,
    purchase_id  bigint         not null references purchase (id) on delete cascade,
    line_no      smallint       not null check (line_no >= 1),
    sku          varchar(128)   not null,
    category     varchar(128),
    quantity     integer        not null check (quantity > 0),
    unit_price   numeric(19, 4) not null check (unit_price >= 0),
    on_promotion boolean        not null,
    unique (purchase_id, line_no)
);
