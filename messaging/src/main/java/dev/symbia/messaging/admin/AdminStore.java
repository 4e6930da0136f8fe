package dev.symbia.messaging.admin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The org-wide figures of {@code GET /api/admin/stats}. */
@Repository
class AdminStore {

    private final JdbcClient jdbc;

    AdminStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stats(long totalConversations, long totalMessages, long uniqueParticipants, long activeConversations24h) {
    }

    /** Messages counted are visible ones; "active" means a message or change in the last 24 hours. */
    Stats stats(String orgId, String type) {
        return jdbc.sql("""
                        WITH c AS (SELECT id, updated_at FROM conversations
                                   WHERE org_id = :org AND (CAST(:type AS varchar) IS NULL OR type = :type))
                        SELECT (SELECT count(*) FROM c) AS total_conversations,
                               (SELECT count(*) FROM messages m JOIN c ON c.id = m.conversation_id
                                 WHERE m.deleted_at IS NULL) AS total_messages,
                               (SELECT count(DISTINCT p.principal_id) FROM participants p JOIN c ON c.id = p.conversation_id)
                                 AS unique_participants,
                               (SELECT count(*) FROM c WHERE c.updated_at > now() - interval '24 hours') AS active_conversations_24h""")
                .param("org", orgId).param("type", type)
                .query((rs, row) -> new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }
}
