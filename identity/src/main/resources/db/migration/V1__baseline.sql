-- Baseline of the identity schema. Flyway creates the schema itself; the service's tables arrive with
-- its features in later migrations (V2__…), never by editing this file.
COMMENT ON SCHEMA identity IS 'Users, agents, orgs, memberships, roles, API keys, credential vault, tokens and audit.';
