-- The engine scores RFM with clientele_rfm_score (R__segment_engine), an expression PostgreSQL inlines;
-- V2's rfm_score, a query per call, has no caller left.
drop function rfm_score(numeric, numeric[]);
