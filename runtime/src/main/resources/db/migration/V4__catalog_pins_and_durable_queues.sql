-- Graphs loaded from the catalog remember what they were asked for (catalog_spec: a version, a range, or NULL for
-- the latest) and what it resolved to, so a catalog event can re-resolve and replace them. A replaced graph stays
-- (replaced_by names its successor) while executions started on it keep running on the version they were pinned to.
ALTER TABLE graphs ADD COLUMN catalog_version integer;
ALTER TABLE graphs ADD COLUMN catalog_spec text;
ALTER TABLE graphs ADD COLUMN catalog_role text;
ALTER TABLE graphs ADD COLUMN replaced_by varchar(64);
CREATE INDEX graphs_catalog_key ON graphs (graph_key) WHERE catalog_version IS NOT NULL AND replaced_by IS NULL;

-- Injects held while an execution is paused, in arrival order: they survive their owner's death and the new owner
-- drains them on resume. Written by the lease holder only (the same fence as every execution write).
CREATE TABLE execution_queue (
    seq           bigserial PRIMARY KEY,
    execution_id  varchar(64) NOT NULL REFERENCES graph_executions (id) ON DELETE CASCADE,
    node_id       text NOT NULL,
    port          text NOT NULL,
    value         jsonb,
    queued_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX execution_queue_execution ON execution_queue (execution_id, seq);
