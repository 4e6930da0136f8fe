-- Which local models an org may use. No row: every model. A row: only the listed ids (an empty list: none).
CREATE TABLE models.org_model_policy (
    org_id         TEXT PRIMARY KEY,
    allowed_models TEXT[]      NOT NULL,
    updated_by     TEXT        NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
