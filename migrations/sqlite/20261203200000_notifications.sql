-- Subscriptions, notifications and mail (issue 9). Portable SQL, as the core
-- schema: BIGINT ids and unix-second timestamps, no partial indexes.

-- Local accounts prove their address by a link before they post. Every member
-- who exists before this migration (ProConnect, demo, local) counts as verified.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
UPDATE users SET email_verified_at = created_at;
-- The member's defaults: starting or replying to a thread watches it; forum
-- notifications are also sent by e-mail (else only listed on the site).
ALTER TABLE users ADD COLUMN auto_watch BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN email_notifications BOOLEAN NOT NULL DEFAULT TRUE;
-- A permanent delivery failure (an SMTP 5xx) on the member's address: no more
-- forum mail goes to it until the member changes it or turns mail back on.
ALTER TABLE users ADD COLUMN email_failed_at BIGINT;
ALTER TABLE users ADD COLUMN email_failure TEXT;

-- What a member follows, and how closely. `target` names it uniquely per
-- member ('tag:12', 'pair:12:40' for solution 12 × standard 40, 'thread:99'),
-- because a UNIQUE over nullable columns would let duplicates in; the id
-- columns are what the fan-out joins on. A subscription to a tag later merged
-- into another keeps its row and follows the tag it became (read through
-- tags.merged_into).
CREATE TABLE subscriptions (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target       TEXT    NOT NULL,
    tag_id       BIGINT  REFERENCES tags (id),
    standard_id  BIGINT  REFERENCES tags (id),
    thread_id    BIGINT  REFERENCES threads (id) ON DELETE CASCADE,
    level        TEXT    NOT NULL CHECK (level IN ('watching', 'new_threads', 'daily', 'weekly', 'muted')),
    created_at   BIGINT  NOT NULL,
    UNIQUE (user_id, target)
);
CREATE INDEX subscriptions_tag ON subscriptions (tag_id);
CREATE INDEX subscriptions_standard ON subscriptions (standard_id);
CREATE INDEX subscriptions_thread ON subscriptions (thread_id);

-- The transactional outbox: one row per event that may notify someone (a
-- thread started, a reply, a status change; a digest period), written in the
-- very transaction of the event, so an event is announced if and only if it
-- happened. A worker expands it later (off the request) into in-app
-- notifications and one mail per recipient. It claims a row with a lease
-- (lease_owner, lease_until), so that several server processes never expand
-- it twice, and records in `done_up_to` the last recipient (member id) handled:
-- an expansion cut short resumes after it.
--
-- `detail`: the mentioned member ids ("12,40") of a post, the thread event
-- ("status:confirmed", "resolution:812") of a status change, the period
-- ("daily:2026-12-02") of a digest. `dedup_key` makes a digest period's row
-- unique however many processes schedule it.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    thread_id    BIGINT,
    post_id      BIGINT,
    actor_id     BIGINT,
    detail       TEXT    NOT NULL DEFAULT '',
    dedup_key    TEXT    UNIQUE,
    created_at   BIGINT  NOT NULL,
    done_up_to   BIGINT  NOT NULL DEFAULT 0,
    lease_owner  TEXT,
    lease_until  BIGINT,
    done_at      BIGINT
);
CREATE INDEX outbox_pending ON outbox (done_at, id);

-- One mail to one address, as it will be sent: `raw` holds the whole message
-- (headers, Message-ID included, and body), fixed when the row is written, so
-- a resend after a crash is byte for byte the same mail. The delivery worker
-- claims due rows with a lease, retries temporary failures with exponential
-- backoff (`attempts`, `next_attempt_at`) for a bounded time, and records the
-- outcome: 'sent' (then `raw` is emptied: it may hold a sign-in link) or
-- 'failed' with `last_error`. `dedup_key` ('event:12:user:40',
-- 'digest:daily:2026-12-02:user:40') keeps one mail per event per person.
CREATE TABLE mails (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT    NOT NULL,
    user_id          BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    to_address       TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    event_id         BIGINT,
    dedup_key        TEXT    UNIQUE,
    raw              BLOB    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT  NOT NULL,
    lease_owner      TEXT,
    lease_until      BIGINT,
    last_error       TEXT,
    created_at       BIGINT  NOT NULL,
    sent_at          BIGINT
);
CREATE INDEX mails_due ON mails (status, next_attempt_at);
CREATE INDEX mails_to ON mails (to_address, created_at);

-- The in-app list at /notifications: the same events as the mails, one row
-- per event per member (a second expansion of the same event adds nothing).
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id    BIGINT  NOT NULL,
    -- The event's kind (thread_created, reply_created, status_changed) and
    -- why this member is told (mention, thread, pair, tag).
    kind        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    thread_id   BIGINT  NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    post_id     BIGINT,
    actor_id    BIGINT  REFERENCES users (id),
    detail      TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL,
    read_at     BIGINT,
    UNIQUE (user_id, event_id)
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

-- Links sent by mail to prove an address (sign-up, change of address) or to
-- set a new password. Only a SHA-256 of the token is kept; each is single-use
-- (deleted when used), expires, and every token of a member is deleted when
-- the member's password or address changes.
CREATE TABLE account_tokens (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    new_email   TEXT,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX account_tokens_user ON account_tokens (user_id);

-- Secrets the forum makes for itself at first start and keeps with its data
-- (every process on the database shares them): the key of the unsubscribe
-- links' signatures.
CREATE TABLE forum_secrets (
    name        TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
