-- Assistants tell messaging at once when a waiting chat stream will get no answer (message.unanswered, issue 23),
-- on the seeded assistants → messaging contract of V3. Only a contract still as seeded is widened: an operator's
-- edit or deletion stands.
UPDATE contracts SET allowed_event_types = '["message.response", "message.unanswered"]'::jsonb
WHERE id = '00000000-0000-4000-8000-000000000002' AND allowed_event_types = '["message.response"]'::jsonb;
