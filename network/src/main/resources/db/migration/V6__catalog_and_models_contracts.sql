-- Contracts for the services that joined the platform after V3 (same rules: seeded once, fixed ids, an
-- operator who deletes one keeps it deleted). The catalog announces resource changes (runtime and assistants
-- reload on them); models announces its registry after each scan.
INSERT INTO contracts (id, from_node, to_node, allowed_event_types, boundaries, created_by) VALUES
    ('00000000-0000-4000-8000-000000000005', 'catalog', '*', '["catalog.*"]', '["intra", "inter"]', 'system:seed'),
    ('00000000-0000-4000-8000-000000000006', 'models', '*', '["models.*"]', '["intra", "inter"]', 'system:seed')
ON CONFLICT (id) DO NOTHING;
