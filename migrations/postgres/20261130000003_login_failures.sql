-- Failed password sign-ins, per e-mail (see the SQLite migration of the same
-- name). In the database, not in a node's memory: every node counts them.
CREATE TABLE login_failures (
    email  TEXT    NOT NULL,
    at     BIGINT  NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
