-- Baseline of the assistants schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA assistants IS 'Assistant definitions, rule engine, LLM actions and replies into conversations.';
