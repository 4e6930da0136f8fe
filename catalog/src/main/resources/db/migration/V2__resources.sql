-- Resources, their immutable published versions, and the bootstrap bookkeeping (issue 17).
-- Divergences from the reference, on purpose: ids are uuid; a version row holds a content snapshot and is
-- unique per (resource, version); read_any/visibility mirror the access policy so the read filter runs inside
-- the SQL (and can use an index); search_vector replaces ILIKE '%q%'.
-- array_to_string is only STABLE in general; for text[] it is immutable, which a generated column needs.
CREATE FUNCTION tags_text(tags text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_string(tags, ' ') $$;

CREATE TABLE resources (
    id              uuid PRIMARY KEY,
    key             varchar(255) NOT NULL UNIQUE,
    name            text         NOT NULL,
    description     text,
    type            varchar(50)  NOT NULL CHECK (type IN ('component', 'graph', 'assistant', 'integration', 'context', 'app')),
    status          varchar(50)  NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'deprecated')),
    is_bootstrap    boolean      NOT NULL DEFAULT false,
    tags            text[]       NOT NULL DEFAULT '{}',
    org_id          varchar(255),
    owner_id        varchar(255),
    access_policy   jsonb        NOT NULL,
    visibility      varchar(20)  NOT NULL,
    read_any        text[]       NOT NULL,
    metadata        jsonb        NOT NULL DEFAULT '{}'::jsonb,
    -- The newest published version's number; 0 until the first publish (which makes version 1).
    current_version integer      NOT NULL DEFAULT 0,
    -- Bootstrap only: digest of the repository file's entry, so an unchanged entry is never rewritten.
    source_digest   varchar(64),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    search_vector   tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(name, '')), 'A')
        || setweight(to_tsvector('simple', translate(key, '/._-:@', '      ')), 'A')
        || setweight(to_tsvector('english', coalesce(description, '')), 'B')
        || setweight(to_tsvector('simple', tags_text(tags)), 'C')) STORED
);

CREATE INDEX resources_list_idx ON resources (updated_at DESC, id DESC);
CREATE INDEX resources_org_idx ON resources (org_id, updated_at DESC, id DESC);
CREATE INDEX resources_type_idx ON resources (type, status);
CREATE INDEX resources_key_prefix_idx ON resources (key text_pattern_ops);
CREATE INDEX resources_read_any_idx ON resources USING gin (read_any);
CREATE INDEX resources_tags_idx ON resources USING gin (tags);
CREATE INDEX resources_search_idx ON resources USING gin (search_vector);

CREATE TABLE resource_versions (
    id           uuid PRIMARY KEY,
    resource_id  uuid        NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    version      integer     NOT NULL,
    -- {name, description, metadata, accessPolicy, tags} as they were when published; never updated.
    content      jsonb       NOT NULL,
    -- The manifest's (or metadata's) semver, coerced to x.y.z, for resolve by range; null when there is none.
    semver       varchar(100),
    changelog    text,
    created_by   varchar(255),
    published_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (resource_id, version)
);

CREATE TABLE system_settings (
    key        varchar(255) PRIMARY KEY,
    value      text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
