-- Baseline of the catalog schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA catalog IS 'Versioned registry of components, graphs, assistants, integrations and contexts.';
