-- The custom segments of each evaluation rank as the one statement that evaluates them for a few customers
-- on every write, compiled when the definitions change (clientele_compile_custom_ranks, R__segment_engine,
-- called by a trigger on segment_definition) instead of on every write: building it took longer than
-- running it. Derived data: rebuilt whole from segment_definition, never edited.
create table custom_segment_rank (
    evaluation_rank integer primary key,
    -- the rank's custom segments, in key order; the statement's $4
    segment_keys    text[]  not null,
    -- their values: row k holds segment k's rule_parameters, padded with nulls; the statement's $2
    rule_parameters text[]  not null,
    statement       text    not null,
    -- what the statement is prepared as on a connection: its text's digest, so a changed rule is a new name
    statement_name  text    not null
);
