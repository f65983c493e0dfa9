-- What a marketer picks segments by, recorded with each size (Segment.statistics): the members' orders and
-- spend in the window, and the shop's, from which shares and averages follow. Recorded when the size is (a
-- full recompute, a custom segment's change), because reading them live means aggregating every membership:
-- 7.8 million rows for the overview of a million customers. Aggregates only, like the size: no customer is
-- in them, and they are kept after erasure. Rows recorded before this migration have no statistics (null).
alter table segment_size_daily
    -- the evaluation instant the figures are at (the window ends there), and when they were recorded
    add column evaluated_at           timestamptz,
    add column recorded_at            timestamptz,
    add column orders_in_window       bigint,
    add column revenue_in_window      numeric,
    add column shop_customers         integer,
    add column shop_orders_in_window  bigint,
    add column shop_revenue_in_window numeric;

-- Segment.statistics reads each segment's latest recording.
create index segment_size_daily_latest on segment_size_daily (segment_key, recorded_at desc);
