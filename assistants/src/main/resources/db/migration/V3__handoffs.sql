-- Human handoff made real (the reference declared handoff_requests but its actions were stubs): a rule's
-- handoff.create persists a request an org's people can list, take and resolve.
CREATE TABLE handoff_requests (
    id              uuid        PRIMARY KEY,
    org_id          text        NOT NULL,
    conversation_id text        NOT NULL,
    assistant_key   text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'assigned', 'in_progress', 'resolved', 'cancelled', 'expired')),
    priority        text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'critical')),
    reason          text,
    context_summary text,
    assigned_to     text,
    resolution      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handoff_requests_org_status ON handoff_requests (org_id, status, created_at DESC);
