-- Issue 26: the history is written for every routed event and read back only whole (the envelope as received,
-- a trace's hops as a list). Nothing queries inside them, so they are stored as json (validated, kept as
-- written) instead of jsonb, whose parse and binary rewrite PostgreSQL paid on every insert.
ALTER TABLE events ALTER COLUMN envelope TYPE json USING envelope::json;
ALTER TABLE traces ALTER COLUMN hops TYPE json USING hops::json;
