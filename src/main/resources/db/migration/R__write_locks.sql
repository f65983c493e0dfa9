-- How writes of customer data serialize, so that concurrent requests are as correct as sequential ones.
--
-- Every transaction that changes a customer's data (its record, purchases, visits) takes that
-- customer's row lock first, before anything else, and in id order: writes of the same customer
-- then run one after the other, each refresh sees the rows the others committed, and no two
-- transactions can wait for each other in a cycle. FOR NO KEY UPDATE does not conflict with the
-- KEY SHARE locks that foreign-key checks of purchases and visits take.
--
-- Writers also take the engine lock in shared mode: they run side by side, but not while a full
-- recompute (which takes it exclusively, see SegmentRecomputer) rewrites everyone's memberships.

create or replace function clientele_engine_lock_key() returns bigint language sql immutable as $$
    select hashtext('clientele-engine')::bigint
$$;

-- Locks the customers of the given external ids (those that exist) and returns their ids.
create or replace function clientele_lock_customers(p_external_ids text[])
    returns table (id bigint, external_id varchar) language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(clientele_engine_lock_key());
    return query select c.id, c.external_id from customer c where c.external_id = any(p_external_ids)
                 order by c.id for no key update;
end
$$;

-- The same, for customers known by id.
create or replace function clientele_lock_customer_ids(p_ids bigint[])
    returns setof bigint language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(clientele_engine_lock_key());
    return query select c.id from customer c where c.id = any(p_ids) order by c.id for no key update;
end
$$;
