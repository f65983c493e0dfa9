-- What makes a custom rule's answer move with time alone (RuleSql.Compiled.clock): 'orders:N' and
-- 'visits:N' for windows of N days, 'days' for day counts, 'age' for birthdays. The engine adds the
-- instants they imply to each customer's next change, so custom segments change on the minute too.
-- Rules stored before this get theirs when the service recompiles the stored rules at start-up.
alter table segment_definition add column rule_clock text[] not null default '{}';
