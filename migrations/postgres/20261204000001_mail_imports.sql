-- Threads imported from mailing-list archives on PostgreSQL: read
-- migrations/sqlite/20261204000001_mail_imports.sql for what the status
-- `archived` and each table mean. PostgreSQL changes a CHECK in place (no
-- rebuild of `threads`); the tables are SQLite's in PostgreSQL's types, their
-- foreign keys DEFERRABLE INITIALLY IMMEDIATE (for `jonction migrate-to-postgres`).
ALTER TABLE threads DROP CONSTRAINT threads_status_check;
ALTER TABLE threads ADD CONSTRAINT threads_status_check
    CHECK (status IN ('open', 'needs_info', 'confirmed', 'resolved', 'wont_fix', 'duplicate', 'archived'));

CREATE TABLE import_threads (
    thread_id        BIGINT  PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    list_name        TEXT    NOT NULL,
    subject_key      TEXT    NOT NULL,
    last_message_at  BIGINT  NOT NULL
);
CREATE INDEX import_threads_subject ON import_threads (list_name, subject_key, last_message_at);

CREATE TABLE import_messages (
    message_key  TEXT    PRIMARY KEY,
    post_id      BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE
);
