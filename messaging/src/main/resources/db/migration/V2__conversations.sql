-- Conversations, participants and messages (reference §2.5, with its defects fixed: every row carries
-- its org, sequences are unique per conversation, participants are keyed by principal id of any kind).

CREATE TABLE conversations (
    id            uuid          PRIMARY KEY,
    org_id        varchar(128)  NOT NULL,
    type          varchar(16)   NOT NULL CHECK (type IN ('private', 'group')),
    name          varchar(255),
    description   text,
    created_by    varchar(200)  NOT NULL,
    metadata      jsonb         NOT NULL DEFAULT '{}'::jsonb,
    -- last sequence handed out; bumped with UPDATE … RETURNING, which also serialises concurrent appends
    last_sequence bigint        NOT NULL DEFAULT 0,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    updated_at    timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX conversations_org_idx ON conversations (org_id, updated_at DESC);

CREATE TABLE participants (
    conversation_id uuid          NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    -- user id, or an agent's public id such as "assistant:coordinator"
    principal_id    varchar(200)  NOT NULL,
    principal_type  varchar(8)    NOT NULL CHECK (principal_type IN ('user', 'agent')),
    role            varchar(8)    NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    joined_at       timestamptz   NOT NULL DEFAULT now(),
    last_read_at    timestamptz,
    PRIMARY KEY (conversation_id, principal_id)
);
CREATE INDEX participants_principal_idx ON participants (principal_id);

CREATE TABLE messages (
    id              uuid          PRIMARY KEY,
    conversation_id uuid          NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    org_id          varchar(128)  NOT NULL,
    sequence        bigint        NOT NULL,
    sender_id       varchar(200)  NOT NULL,
    sender_type     varchar(8)    NOT NULL CHECK (sender_type IN ('user', 'agent', 'service')),
    content         text          NOT NULL,
    -- "text", "markdown", …; "event" for control events
    content_type    varchar(50)   NOT NULL DEFAULT 'text',
    -- complete | streaming (a reply being generated) | incomplete (generation failed) | cancelled
    status          varchar(12)   NOT NULL DEFAULT 'complete'
                    CHECK (status IN ('complete', 'streaming', 'incomplete', 'cancelled')),
    reply_to        uuid          REFERENCES messages (id) ON DELETE SET NULL,
    run_id          uuid,
    trace_id        varchar(64),
    priority        varchar(8)    NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'critical')),
    interruptible   boolean       NOT NULL DEFAULT true,
    preempted_by    uuid,
    metadata        jsonb         NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    edited_at       timestamptz,
    deleted_at      timestamptz,
    UNIQUE (conversation_id, sequence)
);
CREATE INDEX messages_reply_idx ON messages (reply_to) WHERE reply_to IS NOT NULL;

-- Live events of durable kinds (message:new, message:updated, control events …), kept briefly so an SSE
-- client can resume with Last-Event-ID and a replica can load a payload too large for NOTIFY.
CREATE TABLE live_events (
    id              bigserial     PRIMARY KEY,
    conversation_id uuid          NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    name            varchar(64)   NOT NULL,
    payload         jsonb         NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX live_events_conversation_idx ON live_events (conversation_id, id);
CREATE INDEX live_events_created_idx ON live_events (created_at);
