-- Baseline of the network schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA network IS 'Event mesh: node registry, contracts, policies, signed event routing, topology and traces.';
