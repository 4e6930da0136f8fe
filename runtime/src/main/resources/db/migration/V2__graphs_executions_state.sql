-- Loaded graphs: kept so executions (and the graphs they run) survive a restart.
CREATE TABLE graphs (
    id          varchar(64) PRIMARY KEY,
    org_id      varchar(255) NOT NULL,
    graph_key   text NOT NULL,
    name        text NOT NULL,
    definition  jsonb NOT NULL,
    loaded_by   varchar(255),
    loaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX graphs_org ON graphs (org_id, name);

-- Executions (the reference created this table and never wrote it).
CREATE TABLE graph_executions (
    id            varchar(64) PRIMARY KEY,
    graph_id      varchar(64) NOT NULL,
    graph_key     text NOT NULL,
    graph_name    text NOT NULL,
    org_id        varchar(255) NOT NULL,
    state         text NOT NULL,
    metrics       jsonb NOT NULL DEFAULT '{}',
    error         jsonb,
    started_at    timestamptz,
    completed_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX graph_executions_org ON graph_executions (org_id, created_at DESC);
CREATE INDEX graph_executions_state ON graph_executions (state);

-- Every state change of an execution, in order.
CREATE TABLE execution_transitions (
    id            bigserial PRIMARY KEY,
    execution_id  varchar(64) NOT NULL REFERENCES graph_executions (id) ON DELETE CASCADE,
    from_state    text,
    to_state      text NOT NULL,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX execution_transitions_execution ON execution_transitions (execution_id, id);

-- Durable operator state. The org is part of the key: two orgs' graphs of the same name never share state.
CREATE TABLE operator_state (
    org_id      varchar(255) NOT NULL,
    graph_key   text NOT NULL,
    node_id     text NOT NULL,
    state_key   text NOT NULL,
    value       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, graph_key, node_id, state_key)
);
