-- Baseline of the integrations schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA integrations IS 'LLM provider gateway (SambaNova, HuggingFace, OpenAI-compatible, local) and connectors.';
