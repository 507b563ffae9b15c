-- The change log names the member of a `member_changed` row (PostgreSQL):
-- read migrations/sqlite/20261204100000_change_log_members.sql for why.
ALTER TABLE change_log ADD COLUMN user_id BIGINT;
