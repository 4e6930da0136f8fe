-- Issue 26: one history row per routed event. The event and its trace were two rows in two tables with six
-- indexes (two varchar primary keys, two time indexes, two run indexes), inserted and pruned separately:
-- per event PostgreSQL paid two inserts, six index entries and two deletes. They are one row of `history` now,
-- with three indexes; `events` and `traces` stay, as views over it, so every reader (and every SQL an operator
-- keeps) sees the same columns as before.
--
-- Each half of a row can be pruned alone (NETWORK_MAX_EVENT_HISTORY and NETWORK_MAX_TRACE_HISTORY may differ):
-- a row whose event half was pruned has envelope NULL, one whose trace half was pruned has status NULL; a row
-- goes when both halves do (HistoryRetention).
CREATE TABLE history (
    id                varchar(128)  PRIMARY KEY,
    run_id            varchar(128)  NOT NULL,
    received_at       timestamptz   NOT NULL DEFAULT now(),
    -- the event as received; NULL once pruned
    type              varchar(200),
    source            varchar(128),
    target            varchar(128),
    boundary          varchar(8),
    envelope          json,
    -- its trace; NULL once pruned
    status            varchar(10)   CHECK (status IN ('delivered', 'unrouted', 'dropped', 'error')),
    error             varchar(500),
    hops              json,
    total_duration_ms integer,
    created_at        timestamptz,
    CHECK (envelope IS NULL OR (type IS NOT NULL AND source IS NOT NULL AND boundary IS NOT NULL)),
    CHECK (status IS NULL OR (hops IS NOT NULL AND total_duration_ms IS NOT NULL AND created_at IS NOT NULL))
);

-- The existing history, kept: every event with its trace, and the traces whose event was already pruned.
INSERT INTO history (id, run_id, received_at, type, source, target, boundary, envelope,
                     status, error, hops, total_duration_ms, created_at)
SELECT coalesce(e.id, t.event_id), coalesce(e.run_id, t.run_id), coalesce(e.received_at, t.created_at),
       e.type, e.source, e.target, e.boundary, e.envelope,
       t.status, t.error, t.hops, t.total_duration_ms, t.created_at
FROM events e FULL JOIN traces t ON t.event_id = e.id;

DROP TABLE traces;
DROP TABLE events;

-- Pruning, the replay guard's preload and the newest-first reads walk received_at; runs are read by run.
CREATE INDEX history_received_idx ON history (received_at);
CREATE INDEX history_run_idx ON history (run_id, received_at);

-- Simple views: PostgreSQL inlines them into each query (the indexes above serve them) and lets INSERT,
-- UPDATE and DELETE through them.
CREATE VIEW events AS
SELECT id, type, source, target, run_id, boundary, envelope, received_at
FROM history WHERE envelope IS NOT NULL;

CREATE VIEW traces AS
SELECT id AS event_id, run_id, status, error, hops, total_duration_ms, created_at
FROM history WHERE status IS NOT NULL;
