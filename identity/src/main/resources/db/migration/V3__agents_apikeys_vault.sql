-- Agents, API keys and the credential vault. All three are tenant-owned: org_id is required.

CREATE TABLE agents (
    id              uuid PRIMARY KEY,
    agent_id        text        NOT NULL UNIQUE,
    name            text        NOT NULL,
    org_id          uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    credential_hash text        NOT NULL,
    capabilities    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    is_active       boolean     NOT NULL DEFAULT true,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    last_seen_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agents_org ON agents (org_id);

-- key_hash is HMAC-SHA256 of the full key under a server secret; key_prefix is for display only.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    org_id       uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    key_hash     text        NOT NULL UNIQUE,
    key_prefix   text        NOT NULL,
    scopes       jsonb,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    rotated_from uuid,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_creator ON api_keys (created_by);
CREATE INDEX api_keys_org ON api_keys (org_id);

-- Provider secrets: AES-256-GCM (IV ‖ ciphertext+tag) with the row id as associated data.
CREATE TABLE credentials (
    id                uuid PRIMARY KEY,
    org_id            uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider          text        NOT NULL,
    name              text        NOT NULL,
    secret_enc        bytea       NOT NULL,
    credential_prefix text        NOT NULL,
    is_org_wide       boolean     NOT NULL DEFAULT false,
    metadata          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    last_used_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credentials_lookup ON credentials (org_id, provider, user_id);
