-- The event-type patterns a node consumes. A broadcast (a contract to '*') reaches only nodes whose patterns
-- match the event's type; NULL means the node declared nothing and receives every broadcast.
ALTER TABLE nodes ADD COLUMN subscriptions jsonb;
