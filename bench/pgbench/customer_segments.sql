-- pgbench script for bench/run: the storefront lookup (customerSegments) as plain SQL, for a random
-- existing customer gen-c-1..:max_id.
--   pgbench -n -M prepared -D max_id=10000 -f bench/pgbench/customer_segments.sql -c 8 -j 2 -T 15 URL
\set n random(1, :max_id)
select m.segment_key from customer c join segment_membership m on m.customer_id = c.id where c.external_id = 'gen-c-' || :n order by m.segment_key;
