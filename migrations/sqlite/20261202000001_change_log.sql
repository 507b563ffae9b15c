-- What changed, in commit order, for everything derived from the database:
-- today the search index (app/src/search), later the page cache and other
-- nodes. Each row is written by the storage layer inside the transaction of
-- the change it describes, so a change is logged if and only if it happened.
-- Readers remember the last id they applied (the index keeps it in its commit
-- payload) and read on from there; rows are never updated.
--
-- `kind` says what happened (thread_created, post_created, post_edited,
-- post_deleted, status_changed, lock_changed, tag_merged, tag_renamed); the
-- row names the thread it touched, or the tag whose threads all changed
-- (merges and renames). Consumers re-read the current state of what a row
-- names, so applying a row twice is harmless.
-- `id` is SQLite's rowid: one writer at a time, so ids grow in commit order.
CREATE TABLE change_log (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    thread_id   BIGINT,
    post_id     BIGINT,
    tag_id      BIGINT,
    created_at  BIGINT  NOT NULL
);
