-- Graphs the runtime loaded by itself from the catalog's published list (not at a user's request): only these
-- leave again when their resource stops being published (a user's load follows the key until it is deleted).
ALTER TABLE graphs ADD COLUMN hydrated boolean NOT NULL DEFAULT false;
