-- When each customer's time-based memberships may change next (SEGMENTS.md lifecycle and behaviour
-- rules that count days or windows): the engine stores it with the metrics, and the due-change scheduler
-- re-evaluates the customers whose instant has passed, at that instant. The index keeps a pass with
-- nothing due to one probe.
alter table customer_metrics add column next_change_at timestamptz;
create index customer_metrics_next_change on customer_metrics (next_change_at) where next_change_at is not null;
