-- Several integrations replicas on one database (issue 22): the replica that runs a deployment holds a lease on it
-- and renews it while it runs; a deployment whose lease has expired (its replica died) is claimed by another
-- replica and resumed there. Times are the database's, so replicas' clocks do not matter.
ALTER TABLE deployments ADD COLUMN owner text;
ALTER TABLE deployments ADD COLUMN lease_until timestamptz;

CREATE INDEX deployments_running_lease ON deployments (lease_until) WHERE status = 'running';
