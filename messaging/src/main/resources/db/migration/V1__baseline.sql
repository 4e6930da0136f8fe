-- Baseline of the messaging schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA messaging IS 'Conversations, participants, messages, control events, live delivery and the chat stream.';
