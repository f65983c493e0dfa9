-- The change feed's reads that PostgreSQL cannot plan well as one statement (V6 has the log's indexes).

-- A page of the feed for some segments: for each segment, the changes after the position, below the horizon,
-- in feed order, read through (segment_key, xid, id); the caller merges them. Each segment's statement is
-- planned for that segment (custom plans): one statement for all segments is planned for an average one,
-- and then finds the changes of a rare segment by filtering the whole log in feed order (0.7 s at a million
-- changes for a page that holds one). Every segment reads the same horizon.
create or replace function clientele_feed_page(p_after_xid xid8, p_after_id bigint, p_limit integer, p_keys text[])
    returns table (xid xid8, id bigint, external_id varchar, segment_key varchar, entered boolean, at timestamptz)
    language plpgsql stable set plan_cache_mode = force_custom_plan as $$
declare
    horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    key     text;
begin
    foreach key in array p_keys loop
        return query
        select f.xid, f.id, c.external_id, f.segment_key, f.entered, f.at
        from (select h.xid, h.id, h.customer_id, h.segment_key, h.entered, h.at from membership_change h
              where h.segment_key = key and (h.xid, h.id) > (p_after_xid, p_after_id) and h.xid < horizon
              order by h.xid, h.id limit p_limit) f
        left join customer c on c.id = f.customer_id;
    end loop;
end
$$;
