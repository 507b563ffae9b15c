-- The forum's core schema. Written in the SQL that SQLite and PostgreSQL share
-- (BIGINT ids and unix-second timestamps, no JSON columns, no partial indexes),
-- so the PostgreSQL backend can take the same queries.

-- Members. `email` is stored lower-cased so uniqueness is case-insensitive;
-- `password_hash` is NULL for accounts that only sign in through ProConnect.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    organisation  TEXT,
    password_hash TEXT,
    role          TEXT    NOT NULL DEFAULT 'member'
                  CHECK (role IN ('member', 'moderator', 'admin')),
    created_at    BIGINT  NOT NULL
);

-- Sessions live in the database so that signing out anywhere, or a role
-- change, takes effect at once. Only a SHA-256 of the cookie value is kept:
-- a copy of the database does not hand out live sessions.
CREATE TABLE sessions (
    id_hash     TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Tags are of two kinds. A merged tag keeps its row (so old links and
-- searches still resolve) and points at the tag it became a synonym of.
CREATE TABLE tags (
    id           INTEGER PRIMARY KEY,
    slug         TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL CHECK (kind IN ('solution', 'standard')),
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    url          TEXT,
    merged_into  BIGINT  REFERENCES tags (id),
    created_at   BIGINT  NOT NULL
);

CREATE TABLE threads (
    id                  INTEGER PRIMARY KEY,
    title               TEXT    NOT NULL,
    author_id           BIGINT  NOT NULL REFERENCES users (id),
    status              TEXT    NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'needs_info', 'confirmed', 'resolved', 'wont_fix', 'duplicate')),
    duplicate_of        BIGINT  REFERENCES threads (id),
    -- The reply that resolved the thread; set together with status 'resolved'.
    resolution_post_id  BIGINT,
    locked              BOOLEAN NOT NULL DEFAULT FALSE,
    -- Denormalised so the latest-threads list is one indexed scan, not a
    -- count per row. Maintained by the same transaction that adds a reply.
    reply_count         BIGINT  NOT NULL DEFAULT 0,
    created_at          BIGINT  NOT NULL,
    last_activity_at    BIGINT  NOT NULL
);
CREATE INDEX threads_activity ON threads (last_activity_at DESC, id DESC);
CREATE INDEX threads_author ON threads (author_id);

-- A thread's tags, with the version of a solution ("2.25") or the clause of a
-- standard ("/req/core/fc-limit-default") where the author knows it.
CREATE TABLE thread_tags (
    thread_id  BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    tag_id     BIGINT NOT NULL REFERENCES tags (id),
    detail     TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (thread_id, tag_id)
);
CREATE INDEX thread_tags_tag ON thread_tags (tag_id, thread_id);

-- Every message, the thread's opening one included (`is_opening`). A deleted
-- post keeps its row (soft delete) so replies that answer it still make sense.
CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    thread_id   BIGINT  NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id   BIGINT  NOT NULL REFERENCES users (id),
    parent_id   BIGINT  REFERENCES posts (id),
    is_opening  BOOLEAN NOT NULL DEFAULT FALSE,
    body_md     TEXT    NOT NULL,
    -- Sanitised HTML rendered at write time: reading a thread renders nothing.
    body_html   TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    edited_at   BIGINT,
    deleted_at  BIGINT
);
CREATE INDEX posts_thread ON posts (thread_id, id);
CREATE INDEX posts_author ON posts (author_id);

-- Who moved a thread through its workflow, and when; shown in the thread.
CREATE TABLE thread_events (
    id          INTEGER PRIMARY KEY,
    thread_id   BIGINT  NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    actor_id    BIGINT  NOT NULL REFERENCES users (id),
    kind        TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL
);
CREATE INDEX thread_events_thread ON thread_events (thread_id, id);
