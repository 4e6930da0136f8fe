-- One row per chat call (all attempts of it): the single source for usage reports and budget checks.
-- Keys are never stored here; credential_origin only says which kind of key paid (user, org, env, none).
CREATE TABLE usage_records (
    id                uuid PRIMARY KEY,
    org_id            text        NOT NULL,
    user_id           text        NOT NULL,
    request_id        text        NOT NULL,
    surface           text        NOT NULL CHECK (surface IN ('execute', 'internal', 'openai')),
    provider          text        NOT NULL,
    model             text        NOT NULL,
    served_model      text,
    credential_origin text        NOT NULL CHECK (credential_origin IN ('user', 'org', 'env', 'none')),
    streamed          boolean     NOT NULL,
    outcome           text        NOT NULL CHECK (outcome IN ('success', 'error', 'cancelled')),
    error_category    text,
    finish_reason     text,
    prompt_tokens     integer     NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens integer     NOT NULL CHECK (completion_tokens >= 0),
    total_tokens      integer     NOT NULL CHECK (total_tokens >= 0),
    usage_estimated   boolean     NOT NULL,
    -- micro-USD from the configured price table; NULL = no price configured (never a silent 0).
    cost_micros       bigint      CHECK (cost_micros >= 0),
    attempts          smallint    NOT NULL CHECK (attempts >= 0),
    ttft_ms           integer,
    duration_ms       integer     NOT NULL,
    started_at        timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX usage_records_org_time ON usage_records (org_id, started_at);
CREATE INDEX usage_records_org_user_time ON usage_records (org_id, user_id, started_at);
