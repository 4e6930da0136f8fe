-- Two or more runtime replicas share one database: each live execution is owned by exactly one replica through a
-- lease (owner, fence, lease_until). A replica renews its leases; when one dies its leases expire and another
-- replica claims them (FOR UPDATE SKIP LOCKED), raising the fence so the old owner's late writes are refused.
ALTER TABLE graph_executions ADD COLUMN owner varchar(255);
ALTER TABLE graph_executions ADD COLUMN fence bigint NOT NULL DEFAULT 0;
ALTER TABLE graph_executions ADD COLUMN lease_until timestamptz;
CREATE INDEX graph_executions_lease ON graph_executions (lease_until) WHERE state IN ('running', 'paused');

-- Where each replica answers, so an inject that reaches a non-owner is forwarded to the owner.
CREATE TABLE runtime_replicas (
    id            varchar(255) PRIMARY KEY,
    url           text NOT NULL,
    heartbeat_at  timestamptz NOT NULL DEFAULT now()
);
