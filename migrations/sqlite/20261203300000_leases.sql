-- Leases: background work that must run once across server processes
-- (maintenance; later mail delivery and digests) runs only in the process
-- that holds its lease. A lease is one row, taken or renewed by one
-- statement (an upsert that succeeds only for its holder or once the lease
-- has expired); a holder renews it well before `expires_at` and deletes it
-- when it stops; one that dies simply stops renewing, and another process
-- takes it once `expires_at` (unix seconds) has passed.
CREATE TABLE leases (
    name        TEXT    PRIMARY KEY,
    -- Which process: host, process id and a random part (for the log).
    holder      TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);
