-- Accounts, orgs, tokens and the audit log (Identity issue). UUID ids, timestamptz, JSONB metadata.
-- Every tenant-owned row carries org_id; users themselves are platform-wide.

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text        NOT NULL,
    name           text        NOT NULL,
    password_hash  text        NOT NULL,
    is_super_admin boolean     NOT NULL DEFAULT false,
    supabase_id    text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
-- Emails are unique regardless of case; the application also stores them lower-cased.
CREATE UNIQUE INDEX users_email_ci ON users (lower(email));
CREATE UNIQUE INDEX users_supabase_id ON users (supabase_id) WHERE supabase_id IS NOT NULL;

CREATE TABLE organizations (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    slug       text        NOT NULL UNIQUE,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    id         uuid PRIMARY KEY,
    org_id     uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text        NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Explicit, org-independent grants: 'cap:<area>.<action>' or a platform role 'role:<name>'.
CREATE TABLE user_grants (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    grant_key  text        NOT NULL,
    granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, grant_key)
);

-- Opaque refresh tokens, stored hashed. A family is one login; reuse of a used token revokes it.
CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  uuid        NOT NULL,
    token_hash text        NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE password_reset_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text        NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Token signing keys. The private key is encrypted with a key derived from SESSION_SECRET.
-- At most one current (unretired) key: replicas racing to create the first one converge on one row.
CREATE TABLE signing_keys (
    kid             text PRIMARY KEY,
    algorithm       text        NOT NULL,
    public_jwk      text        NOT NULL,
    private_key_enc bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    retired_at      timestamptz
);
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys ((true)) WHERE retired_at IS NULL;

CREATE TABLE audit_log (
    id          uuid PRIMARY KEY,
    org_id      uuid,
    actor_type  text        NOT NULL,
    actor_id    text,
    action      text        NOT NULL,
    target_type text,
    target_id   text,
    ip          text,
    metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_org_time ON audit_log (org_id, created_at DESC);
CREATE INDEX audit_log_time ON audit_log (created_at DESC);

-- Fixed-window counters for abuse limits, shared by every replica.
CREATE TABLE rate_limits (
    bucket       text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL
);
