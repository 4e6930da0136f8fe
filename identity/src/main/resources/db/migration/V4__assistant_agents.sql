-- Assistants are agents too (issue 23): identity provisions one per assistant and org on the assistants service's
-- request, with no capabilities until an org admin grants them, and no credential (they never sign in; identity
-- hands their short-lived tokens to the assistants service only). Their public agentId (assistant:<key>) is
-- unique per org, since a platform-wide assistant acts in every org; agents that sign in keep a global agentId.
ALTER TABLE agents ADD COLUMN provisioned_by text;
ALTER TABLE agents ALTER COLUMN credential_hash DROP NOT NULL;
ALTER TABLE agents DROP CONSTRAINT agents_agent_id_key;
CREATE UNIQUE INDEX agents_agent_id_sign_in ON agents (agent_id) WHERE provisioned_by IS NULL;
CREATE UNIQUE INDEX agents_org_agent_id ON agents (org_id, agent_id);
