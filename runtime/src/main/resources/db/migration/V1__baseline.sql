-- Baseline of the runtime schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA runtime IS 'Dataflow graph execution: typed ports, topological order, built-in components.';
