-- Rule-engine state that must survive a restart and be shared by replicas (reference §3.4 kept it in memory).

-- One row per (org, assistant, conversation): the state machine's state, the conversation context the rules
-- read and write, and the turn counter. Every query names the org.
CREATE TABLE conversation_state (
    org_id          text        NOT NULL,
    assistant_key   text        NOT NULL,
    conversation_id text        NOT NULL,
    state           text        NOT NULL DEFAULT 'idle',
    context         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    turns           integer     NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, assistant_key, conversation_id)
);

-- Each inbound message is processed once per assistant across replicas: the first replica to insert wins.
CREATE TABLE message_claims (
    org_id        text        NOT NULL,
    assistant_key text        NOT NULL,
    message_id    text        NOT NULL,
    claimed_by    text        NOT NULL,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, assistant_key, message_id)
);

-- Every rule run with its trace (which rules were evaluated, matched, ceded; each action's outcome).
CREATE TABLE rule_runs (
    id              uuid        PRIMARY KEY,
    org_id          text        NOT NULL,
    assistant_key   text        NOT NULL,
    conversation_id text,
    message_id      text,
    trigger         text        NOT NULL,
    rules_evaluated integer     NOT NULL,
    rules_matched   integer     NOT NULL,
    matched_rule    text,
    outcome         text        NOT NULL,
    trace           jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_runs_org_assistant ON rule_runs (org_id, assistant_key, created_at DESC);

-- The provenance signing key when none is configured (ASSISTANTS_PROVENANCE_KEY): generated once, so every
-- replica and every restart signs with the same key and old seals keep verifying.
CREATE TABLE provenance_keys (
    id          text        PRIMARY KEY,
    seed        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
