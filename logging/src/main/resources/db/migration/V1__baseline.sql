-- Baseline of the logging schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA logging IS 'Logs, metrics and traces from every service and from clients: ingest, query, tail, retention.';
