-- Default platform contracts (SPEC §5, Network issue item 6). Seeded once: an operator who deletes
-- one keeps it deleted. Fixed ids so the seed is recognisable.
INSERT INTO contracts (id, from_node, to_node, allowed_event_types, boundaries, created_by) VALUES
    ('00000000-0000-4000-8000-000000000001', 'messaging', 'assistants', '["message.new", "message.*"]', '["intra", "inter"]', 'system:seed'),
    ('00000000-0000-4000-8000-000000000002', 'assistants', 'messaging', '["message.response"]', '["intra", "inter"]', 'system:seed'),
    ('00000000-0000-4000-8000-000000000003', 'identity', '*', '["identity.*"]', '["intra", "inter"]', 'system:seed'),
    ('00000000-0000-4000-8000-000000000004', 'integrations', '*', '["integrations.call.completed"]', '["intra", "inter"]', 'system:seed')
ON CONFLICT (id) DO NOTHING;
