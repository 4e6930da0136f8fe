-- Secure deploys (issue 22): one row per deployment, one per step. A Railway deployment id is stored the moment
-- Railway returns it, and the deploy step is written before Railway is asked: after a restart a deployment with
-- an id is watched again, one without (asked, answer lost) is failed, never deployed a second time.
CREATE TABLE deployments (
    id                    uuid PRIMARY KEY,
    org_id                text        NOT NULL,
    user_id               text        NOT NULL,
    status                text        NOT NULL CHECK (status IN ('running', 'blocked', 'succeeded', 'failed', 'cancelled')),
    request               jsonb       NOT NULL,
    railway_deployment_id text,
    error                 text,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    finished_at           timestamptz
);

CREATE INDEX deployments_org_created ON deployments (org_id, created_at DESC);
CREATE INDEX deployments_running ON deployments (status) WHERE status = 'running';

CREATE TABLE deployment_steps (
    deployment_id uuid        NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    seq           integer     NOT NULL,
    name          text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'blocked', 'skipped', 'cancelled')),
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    vendor_id     text,
    findings      jsonb,
    detail        jsonb,
    error         text,
    PRIMARY KEY (deployment_id, seq)
);
