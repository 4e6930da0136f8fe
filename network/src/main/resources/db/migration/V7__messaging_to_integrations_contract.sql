-- Integrations mirrors conversation events to Supabase Realtime (issue 22): it needs messaging's message.* events,
-- which V3 routed to assistants only. Same rules as V3/V6: seeded once, fixed id, an operator's deletion sticks.
INSERT INTO contracts (id, from_node, to_node, allowed_event_types, boundaries, created_by) VALUES
    ('00000000-0000-4000-8000-000000000007', 'messaging', 'integrations', '["message.*"]', '["intra", "inter"]', 'system:seed')
ON CONFLICT (id) DO NOTHING;
