-- Written and emptied again in one transaction by the health check, only
-- after a write has failed, to see whether the disk has room again. It stays
-- empty.
CREATE TABLE storage_probe (
    filler BLOB NOT NULL
);
