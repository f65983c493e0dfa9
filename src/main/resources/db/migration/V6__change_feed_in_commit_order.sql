-- The change feed in commit order. An identity id is allocated when a row is inserted, not when its
-- transaction commits, so a reader that pages by id can pass a change whose transaction commits late
-- and never see it. Every change now carries the id of the transaction that wrote it; the feed is
-- ordered by (xid, id) and serves only changes of transactions older than every transaction still
-- running (pg_snapshot_xmin of the current snapshot): below that line nothing can appear any more.

-- Existing rows get 0, before every transaction, so they keep their order by id; the constant default
-- is stored in the catalogue and the table is not rewritten. New rows get their transaction's id.
alter table membership_change add column xid xid8 not null default '0';
alter table membership_change alter column xid set default pg_current_xact_id();
create index membership_change_position on membership_change (xid, id);
create index membership_change_segment_position on membership_change (segment_key, xid, id);
-- a customer's history, newest first, is in the same order
drop index membership_change_customer;
create index membership_change_customer_position on membership_change (customer_id, xid, id);

-- Erasure keeps the feed whole: a change outlives its customer, and the erasure sets its customer to
-- null (the service does it, in the erasing transaction). Without the foreign key, recording the
-- changes of a full run no longer checks every row against the customer table either.
alter table membership_change drop constraint membership_change_customer_id_fkey;
alter table membership_change alter column customer_id drop not null;
