-- The operator assistant (issue 23 deliverable 7). A run is one request a user gave symbia in a conversation: its
-- model conversation so far and the tool calls still to do, so a run waiting for the user's confirmation survives
-- a restart and can be resumed by any replica. A confirmation is asked before a step that changes something
-- outside the platform; only the user who asked may decide it, and it expires.
-- (Numbered V40 so it cannot clash with migrations other branches add meanwhile.)
CREATE TABLE operator_runs (
    id              uuid        PRIMARY KEY,
    org_id          text        NOT NULL,
    conversation_id text        NOT NULL,
    user_id         text        NOT NULL,
    assistant_key   text        NOT NULL,
    request         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'running'
                    CHECK (status IN ('running', 'awaiting_confirmation', 'succeeded', 'failed', 'cancelled')),
    steps           integer     NOT NULL DEFAULT 0,
    state           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operator_runs_org_conversation ON operator_runs (org_id, conversation_id, created_at DESC);

CREATE TABLE operator_confirmations (
    id              uuid        PRIMARY KEY,
    run_id          uuid        NOT NULL REFERENCES operator_runs (id) ON DELETE CASCADE,
    org_id          text        NOT NULL,
    conversation_id text        NOT NULL,
    user_id         text        NOT NULL,
    tool            text        NOT NULL,
    tool_call_id    text        NOT NULL,
    arguments       jsonb       NOT NULL,
    summary         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'confirmed', 'cancelled', 'expired')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    decided_at      timestamptz
);
CREATE INDEX operator_confirmations_pending ON operator_confirmations (org_id, conversation_id, user_id)
    WHERE status = 'pending';
