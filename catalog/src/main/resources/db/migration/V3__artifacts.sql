-- Artifacts are stored in PostgreSQL (bytea), not in a directory: they share the resource's transaction
-- (an upload is never half-written; deleting a resource deletes its files through the cascade), its backup and
-- its replicas (no shared volume between instances). The size limit (ARTIFACT_MAX_SIZE_MB, default 8) keeps
-- rows small enough for that; large binaries belong in an object store, which is not built.
CREATE TABLE artifacts (
    id          uuid PRIMARY KEY,
    resource_id uuid         NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    -- The resource's published version when the file was uploaded (0 = before the first publish).
    version     integer      NOT NULL,
    name        varchar(255) NOT NULL,
    mime_type   varchar(255) NOT NULL,
    size        bigint       NOT NULL,
    checksum    char(64)     NOT NULL,
    content     bytea        NOT NULL,
    created_by  varchar(255) NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX artifacts_resource_idx ON artifacts (resource_id, created_at DESC);
