-- Sign-in with ProConnect on PostgreSQL: the tables of
-- migrations/sqlite/20261130000002_proconnect.sql (read it for their meaning).

CREATE TABLE oidc_identities (
    issuer         TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    user_id        BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    created_at     BIGINT  NOT NULL,
    last_login_at  BIGINT  NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

CREATE TABLE oidc_logins (
    state_hash     TEXT    PRIMARY KEY,
    nonce          TEXT    NOT NULL,
    pkce_verifier  TEXT    NOT NULL,
    next_path      TEXT    NOT NULL,
    expires_at     BIGINT  NOT NULL
);

CREATE TABLE oidc_pending_links (
    token_hash    TEXT    PRIMARY KEY,
    issuer        TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    display_name  TEXT    NOT NULL,
    organisation  TEXT,
    siret         TEXT,
    id_token      TEXT    NOT NULL,
    expires_at    BIGINT  NOT NULL
);

ALTER TABLE users ADD COLUMN siret TEXT;

ALTER TABLE sessions ADD COLUMN id_token TEXT;
