-- Sign-in with ProConnect (OpenID Connect).

-- An external identity is keyed on (issuer, subject), never on the e-mail:
-- ProConnect's `sub` is stable per identity provider and service provider,
-- whereas an e-mail can be re-assigned to someone else.
CREATE TABLE oidc_identities (
    issuer         TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    user_id        BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     BIGINT  NOT NULL,
    last_login_at  BIGINT  NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- A sign-in under way: the browser holds the state in a cookie, the row keeps
-- the nonce and the PKCE verifier. Single use (deleted when the provider
-- answers), ten minutes at most.
CREATE TABLE oidc_logins (
    state_hash     TEXT    PRIMARY KEY,
    nonce          TEXT    NOT NULL,
    pkce_verifier  TEXT    NOT NULL,
    next_path      TEXT    NOT NULL,
    expires_at     BIGINT  NOT NULL
);

-- A ProConnect identity whose e-mail matches an existing local account waits
-- here until the member proves they own that account (its password): nothing
-- is linked silently.
CREATE TABLE oidc_pending_links (
    token_hash    TEXT    PRIMARY KEY,
    issuer        TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    display_name  TEXT    NOT NULL,
    organisation  TEXT,
    siret         TEXT,
    id_token      TEXT    NOT NULL,
    expires_at    BIGINT  NOT NULL
);

-- The organisation's SIRET from ProConnect, shown beside its name.
ALTER TABLE users ADD COLUMN siret TEXT;

-- The ID token of a ProConnect session, kept server-side for the
-- `id_token_hint` of the provider's sign-out.
ALTER TABLE sessions ADD COLUMN id_token TEXT;
