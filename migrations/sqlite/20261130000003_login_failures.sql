-- Failed password sign-ins, per e-mail, to slow down password guessing: past
-- a few failures in a window, sign-in for that address pauses. Rows older
-- than the window are swept by the server's hourly maintenance.
CREATE TABLE login_failures (
    email  TEXT    NOT NULL,
    at     BIGINT  NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
