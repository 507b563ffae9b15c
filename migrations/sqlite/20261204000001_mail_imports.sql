-- Threads imported from mailing-list archives (`jonction import-mbox`).
--
-- THE STATUS `archived` (« Archive de liste »). An imported thread is a past
-- discussion: nobody knows whether it ended in a fix, and nobody on the forum
-- is waiting for an answer to it. Calling it `open` would flood the "open"
-- counts of the interoperability map and of tag pages with years of list
-- traffic; calling it `resolved` would claim answers nobody checked. So it
-- gets a status of its own, outside both: the map and tag pages do not count
-- it, the home page and search list it (facet « Archivé », `status:archived`).
-- It is set by the importer only (the status form does not offer it). A
-- moderator may bring an archived thread into the workflow (open, confirmed…)
-- or mark the list message that solved it as the resolution.
--
-- REPLIES. Members may reply to an imported thread (someone meeting the same
-- problem today adds what they found); it stays archived until a moderator
-- moves it. Its imported authors cannot sign in and get no mail.
--
-- TAGS. Every thread of one import carries the `--tag` slugs given on the
-- command line (each must name an existing solution or standard; a merged
-- tag counts as the tag it became), with no version or clause: the archive
-- does not say which version a message was about.
--
-- Adding a value to the CHECK of `threads.status` means rebuilding the table
-- (SQLite cannot alter a constraint): SQLite's documented procedure, which
-- needs foreign keys OFF, or dropping `threads` would delete every post by
-- cascade. `PRAGMA foreign_keys` is ignored inside a transaction, and sqlx
-- runs each SQLite migration inside one, so this file first ends sqlx's
-- (still empty) transaction, rebuilds `threads` in its own, switches foreign
-- keys back on, and opens the transaction in which sqlx records the migration.
-- Should the process die between the two, the next start runs this file
-- again, which is harmless (the rebuild copies rows, the rest is IF NOT EXISTS).
-- (PostgreSQL will need `ALTER TABLE threads DROP CONSTRAINT …, ADD CHECK …`.)
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE threads_rebuilt (
    id                  INTEGER PRIMARY KEY,
    title               TEXT    NOT NULL,
    author_id           BIGINT  NOT NULL REFERENCES users (id),
    status              TEXT    NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'needs_info', 'confirmed', 'resolved', 'wont_fix', 'duplicate', 'archived')),
    duplicate_of        BIGINT  REFERENCES threads (id),
    resolution_post_id  BIGINT,
    locked              BOOLEAN NOT NULL DEFAULT FALSE,
    reply_count         BIGINT  NOT NULL DEFAULT 0,
    created_at          BIGINT  NOT NULL,
    last_activity_at    BIGINT  NOT NULL
);
INSERT INTO threads_rebuilt (id, title, author_id, status, duplicate_of, resolution_post_id, locked, reply_count, created_at, last_activity_at)
    SELECT id, title, author_id, status, duplicate_of, resolution_post_id, locked, reply_count, created_at, last_activity_at FROM threads;
DROP TABLE threads;
ALTER TABLE threads_rebuilt RENAME TO threads;
CREATE INDEX threads_activity ON threads (last_activity_at DESC, id DESC);
CREATE INDEX threads_author ON threads (author_id);

-- IMPORTED AUTHORS are rows of `users` like any member, shown by the name of
-- their `From:` header, with no password (they cannot sign in) and, in place
-- of an e-mail, `imported:` followed by the SHA-256 of their normalised
-- address: the only thing deduplication needs. It holds no `@`, so a real
-- person who later signs up or signs in with ProConnect with that address
-- gets their own, normal account: never blocked by the imported row, never
-- linked to it. (A hash of an address is a pseudonym, not a secret: whoever
-- already knows an address can test it. The address itself is never stored,
-- shown, indexed or logged; addresses inside imported text are masked.)

-- Where an imported thread came from, and what subject-based threading
-- needs: its normalised subject and the date of its latest message.
CREATE TABLE IF NOT EXISTS import_threads (
    thread_id        BIGINT  PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    list_name        TEXT    NOT NULL,
    subject_key      TEXT    NOT NULL,
    last_message_at  BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS import_threads_subject ON import_threads (list_name, subject_key, last_message_at);

-- Every imported message, by the SHA-256 of its Message-ID (or, without
-- one, of its content): re-importing a file finds each message here and
-- changes nothing; a reply finds the post it answers. A post deleted by a
-- moderator keeps its row, so a re-import does not bring it back.
CREATE TABLE IF NOT EXISTS import_messages (
    message_key  TEXT    PRIMARY KEY,
    post_id      BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE
);

-- The change log gains the kind `thread_imported`: one row per thread an
-- import transaction created or extended (not one per message), written in
-- that transaction.

COMMIT;
PRAGMA foreign_keys = ON;
BEGIN;
