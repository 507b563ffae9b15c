-- Written and emptied again in one transaction by the health check, only
-- after a write has failed, to see whether the database takes writes again.
-- It stays empty.
CREATE TABLE storage_probe (
    filler BYTEA NOT NULL
);
