-- Logs, metrics and traces. Every data row carries org_id: tenant isolation is enforced by the
-- service's WHERE clauses on every read, and these indexes all lead with the columns those reads use.
-- Streams and metrics are soft-deleted: their rows are purged later in batches by the retention job,
-- so deleting a stream never holds a long lock on the entry tables.

CREATE TABLE log_streams (
    id             uuid PRIMARY KEY,
    org_id         uuid        NOT NULL,
    name           text        NOT NULL,
    description    text,
    source         text,
    level          text        NOT NULL DEFAULT 'info',
    tags           text[]      NOT NULL DEFAULT '{}',
    retention_days integer CHECK (retention_days BETWEEN 1 AND 3650),
    created_by     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
-- One live stream per name and org: a client that creates its stream on every boot gets the same one.
CREATE UNIQUE INDEX log_streams_org_name ON log_streams (org_id, name) WHERE deleted_at IS NULL;

CREATE TABLE log_entries (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL,
    stream_id   uuid        NOT NULL,
    ts          timestamptz NOT NULL,
    level       text        NOT NULL,
    severity    smallint    NOT NULL,
    service     text        NOT NULL,
    message     text        NOT NULL,
    trace_id    text,
    span_id     text,
    attributes  jsonb       NOT NULL DEFAULT '{}',
    resource    jsonb       NOT NULL DEFAULT '{}',
    received_at timestamptz NOT NULL DEFAULT now(),
    -- Word search ('simple': no stemming, no stop words, so ids and codes stay searchable).
    search      tsvector GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED
);
CREATE INDEX log_entries_org_ts ON log_entries (org_id, ts DESC, id DESC);
CREATE INDEX log_entries_stream_ts ON log_entries (stream_id, ts);
CREATE INDEX log_entries_org_service_ts ON log_entries (org_id, service, ts DESC);
CREATE INDEX log_entries_org_trace ON log_entries (org_id, trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX log_entries_search ON log_entries USING gin (search);

CREATE TABLE metrics (
    id             uuid PRIMARY KEY,
    org_id         uuid        NOT NULL,
    name           text        NOT NULL,
    description    text,
    unit           text,
    type           text        NOT NULL DEFAULT 'gauge' CHECK (type IN ('gauge', 'counter', 'histogram')),
    tags           text[]      NOT NULL DEFAULT '{}',
    retention_days integer CHECK (retention_days BETWEEN 1 AND 3650),
    created_by     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
CREATE UNIQUE INDEX metrics_org_name ON metrics (org_id, name) WHERE deleted_at IS NULL;

-- A point is either a number (gauge, counter) or an explicit-bucket histogram (OTLP).
CREATE TABLE metric_points (
    metric_id  uuid             NOT NULL,
    org_id     uuid             NOT NULL,
    ts         timestamptz      NOT NULL,
    value      double precision,
    labels     jsonb            NOT NULL DEFAULT '{}',
    service    text,
    hist_count bigint,
    hist_sum   double precision,
    hist_min   double precision,
    hist_max   double precision,
    hist_bounds double precision[],
    hist_counts bigint[],
    CHECK (value IS NOT NULL OR hist_count IS NOT NULL)
);
CREATE INDEX metric_points_metric_ts ON metric_points (metric_id, ts);
CREATE INDEX metric_points_labels ON metric_points USING gin (labels jsonb_path_ops);

CREATE TABLE spans (
    org_id         uuid             NOT NULL,
    trace_id       text             NOT NULL,
    span_id        text             NOT NULL,
    parent_span_id text,
    name           text             NOT NULL,
    service        text             NOT NULL,
    kind           text             NOT NULL,
    status         text             NOT NULL CHECK (status IN ('unset', 'ok', 'error')),
    status_message text,
    start_time     timestamptz      NOT NULL,
    end_time       timestamptz,
    duration_ms    double precision,
    attributes     jsonb            NOT NULL DEFAULT '{}',
    events         jsonb            NOT NULL DEFAULT '[]',
    resource       jsonb            NOT NULL DEFAULT '{}',
    -- A span exported twice (exporter retry) is stored once.
    PRIMARY KEY (org_id, trace_id, span_id)
);
CREATE INDEX spans_start ON spans (start_time);

-- One summary row per trace, kept up to date by span ingest (merged, so concurrent batches of the
-- same trace add up), so trace lists never scan spans.
CREATE TABLE traces (
    org_id       uuid             NOT NULL,
    trace_id     text             NOT NULL,
    root_span_id text,
    root_name    text,
    root_service text,
    root_start   timestamptz,
    start_time   timestamptz      NOT NULL,
    end_time     timestamptz,
    span_count   integer          NOT NULL,
    error_count  integer          NOT NULL,
    root_status  text,
    services     text[]           NOT NULL DEFAULT '{}',
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, trace_id)
);
CREATE INDEX traces_org_start ON traces (org_id, start_time DESC, trace_id DESC);
CREATE INDEX traces_services ON traces USING gin (services);
CREATE INDEX traces_end ON traces (end_time);
