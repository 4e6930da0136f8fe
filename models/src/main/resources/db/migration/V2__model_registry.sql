-- The model registry: one row per GGUF file found in MODELS_PATH at the last scan. The digest is the file's
-- SHA-256, reused while (path, size_bytes, modified_at) are unchanged, so a rescan does not re-hash gigabytes.
CREATE TABLE models.model (
    id              TEXT PRIMARY KEY,
    filename        TEXT        NOT NULL,
    path            TEXT        NOT NULL UNIQUE,
    size_bytes      BIGINT      NOT NULL,
    modified_at     TIMESTAMPTZ NOT NULL,
    digest          TEXT,
    architecture    TEXT,
    name            TEXT,
    context_length  INTEGER,
    parameter_count BIGINT,
    quantization    TEXT,
    chat_template   TEXT,
    embedding       BOOLEAN     NOT NULL DEFAULT FALSE,
    error           TEXT,
    discovered_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
