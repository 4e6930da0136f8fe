-- Every replica keeps nodes, contracts and policies in memory for routing (issue 26). Each change to a
-- row the router reads is announced on channel network_routing as "<table> <id>", by every writer
-- (REST, sockets, sweeps, an operator's SQL): replicas re-read that row. PostgreSQL sends the
-- notification on commit, so a replica never reads a change that is not there yet.
CREATE FUNCTION notify_routing_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('network_routing', TG_TABLE_NAME || ' ' || OLD.id::text);
    ELSE
        PERFORM pg_notify('network_routing', TG_TABLE_NAME || ' ' || NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER nodes_routing_insert_delete AFTER INSERT OR DELETE ON nodes
    FOR EACH ROW EXECUTE FUNCTION notify_routing_change();
-- A heartbeat that changes nothing but last_heartbeat is not news to the router.
CREATE TRIGGER nodes_routing_update AFTER UPDATE ON nodes
    FOR EACH ROW WHEN ((OLD.name, OLD.type, OLD.capabilities, OLD.endpoint, OLD.metadata, OLD.subscriptions, OLD.owner,
                        OLD.status, OLD.connection_id)
                       IS DISTINCT FROM (NEW.name, NEW.type, NEW.capabilities, NEW.endpoint, NEW.metadata,
                                         NEW.subscriptions, NEW.owner, NEW.status, NEW.connection_id))
    EXECUTE FUNCTION notify_routing_change();
CREATE TRIGGER contracts_routing_change AFTER INSERT OR UPDATE OR DELETE ON contracts
    FOR EACH ROW EXECUTE FUNCTION notify_routing_change();
CREATE TRIGGER policies_routing_change AFTER INSERT OR UPDATE OR DELETE ON policies
    FOR EACH ROW EXECUTE FUNCTION notify_routing_change();
