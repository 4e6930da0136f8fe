-- A client may choose a message's id (idempotent posting). Ids were unique across orgs, so posting with
-- another org's id answered 409 where a fresh one answered 201: an oracle for other orgs' ids (issue 20, L2).
-- Ids are now unique per org; every lookup by id is scoped to the org or the conversation.
ALTER TABLE messages DROP CONSTRAINT messages_reply_to_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_pkey;
ALTER TABLE messages ADD PRIMARY KEY (id, org_id);
-- A reply stays within its org (and, checked on write, its conversation); deleting the original clears only reply_to.
ALTER TABLE messages ADD CONSTRAINT messages_reply_to_fkey FOREIGN KEY (reply_to, org_id)
    REFERENCES messages (id, org_id) ON DELETE SET NULL (reply_to);
