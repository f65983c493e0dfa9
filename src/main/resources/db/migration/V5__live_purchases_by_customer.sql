-- The live orders of each customer in customer order, for aggregate rule conditions over everyone
-- (previews, creating a segment): PostgreSQL counts each customer's orders in the window as they stream
-- out of this index, without a hash table of half a million groups or a visit to the table. At a million
-- customers with 3.2 million orders in a 90-day window: 0.8 s instead of 2 to 3 s on two cores. total is
-- included for spend(...) without line filters.
create index purchase_live_customer_ordered on purchase (customer_id, ordered_at) include (total)
    where cancelled_at is null;
