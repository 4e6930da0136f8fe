-- The event mesh's state: everything a second replica must see lives here (live sockets excepted).

CREATE TABLE nodes (
    id             varchar(128)  PRIMARY KEY,
    name           varchar(200)  NOT NULL,
    type           varchar(16)   NOT NULL CHECK (type IN ('service', 'assistant', 'sandbox', 'bridge', 'client')),
    capabilities   jsonb         NOT NULL DEFAULT '[]'::jsonb,
    endpoint       varchar(2048),
    metadata       jsonb         NOT NULL DEFAULT '{}'::jsonb,
    -- principal that registered the node ("service:messaging", "agent:…", "user:…"): only it may publish as the node
    owner          varchar(300)  NOT NULL,
    status         varchar(8)    NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'offline')),
    -- "<replica>/<session>" holding the node's live WebSocket, null when none
    connection_id  varchar(200),
    registered_at  timestamptz   NOT NULL DEFAULT now(),
    last_heartbeat timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX nodes_type_idx ON nodes (type);
CREATE INDEX nodes_capabilities_idx ON nodes USING gin (capabilities);
CREATE INDEX nodes_liveness_idx ON nodes (status, last_heartbeat);

CREATE TABLE contracts (
    id                  uuid          PRIMARY KEY,
    from_node           varchar(128)  NOT NULL,
    to_node             varchar(128)  NOT NULL,
    allowed_event_types jsonb         NOT NULL,
    boundaries          jsonb         NOT NULL,
    created_by          varchar(300)  NOT NULL,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    expires_at          timestamptz
);
CREATE INDEX contracts_from_idx ON contracts (from_node);
CREATE INDEX contracts_to_idx ON contracts (to_node);

CREATE TABLE policies (
    id          uuid          PRIMARY KEY,
    name        varchar(200)  NOT NULL,
    priority    integer       NOT NULL,
    conditions  jsonb         NOT NULL,
    action      jsonb         NOT NULL,
    enabled     boolean       NOT NULL DEFAULT true,
    created_by  varchar(300)  NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX policies_evaluation_idx ON policies (priority DESC, created_at, id) WHERE enabled;

-- Bounded, time-retained history (HistoryRetention deletes by age and caps the count).
CREATE TABLE events (
    id          varchar(128)  PRIMARY KEY,
    type        varchar(200)  NOT NULL,
    source      varchar(128)  NOT NULL,
    target      varchar(128),
    run_id      varchar(128)  NOT NULL,
    boundary    varchar(8)    NOT NULL,
    envelope    jsonb         NOT NULL,
    received_at timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX events_received_idx ON events (received_at);
CREATE INDEX events_run_idx ON events (run_id, received_at);

CREATE TABLE traces (
    event_id          varchar(128)  PRIMARY KEY,
    run_id            varchar(128)  NOT NULL,
    status            varchar(10)   NOT NULL CHECK (status IN ('delivered', 'unrouted', 'dropped', 'error')),
    error             varchar(500),
    hops              jsonb         NOT NULL,
    total_duration_ms integer       NOT NULL,
    created_at        timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX traces_created_idx ON traces (created_at);
CREATE INDEX traces_run_idx ON traces (run_id, created_at);

-- Audit of refused events: bad signatures, stale timestamps, impersonation, replays.
CREATE TABLE rejections (
    id          bigserial     PRIMARY KEY,
    received_at timestamptz   NOT NULL DEFAULT now(),
    reason      varchar(32)   NOT NULL,
    channel     varchar(16)   NOT NULL,
    event_id    varchar(128),
    event_type  varchar(200),
    source      varchar(128),
    principal   varchar(300),
    detail      varchar(500)
);
CREATE INDEX rejections_received_idx ON rejections (received_at);
