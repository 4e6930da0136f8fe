-- A running operator run is held by one replica (owner) until lease_until, renewed at every step. When the holder
-- dies, another replica takes the run over once the lease ran out: it continues from the persisted state, or marks
-- it failed with a message in the conversation; a run is never silently lost. Writes of a run check the owner, so
-- a replica that lost its lease stops instead of writing over the new holder.
ALTER TABLE operator_runs ADD COLUMN owner text;
ALTER TABLE operator_runs ADD COLUMN lease_until timestamptz;
CREATE INDEX operator_runs_abandoned ON operator_runs (lease_until) WHERE status = 'running';
