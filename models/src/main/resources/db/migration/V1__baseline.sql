-- Baseline of the models schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA models IS 'Local model inference behind an OpenAI-compatible API, and the model registry.';
