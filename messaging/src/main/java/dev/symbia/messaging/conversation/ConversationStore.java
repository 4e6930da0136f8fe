package dev.symbia.messaging.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Conversations and participants. Every conversation read is scoped by org: another org's id finds nothing. */
@Repository
class ConversationStore {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConversationStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Conversation insert(UUID id, String orgId, String type, String name, String description, String createdBy,
            Map<String, Object> metadata) {
        return jdbc.sql("""
                        INSERT INTO conversations (id, org_id, type, name, description, created_by, metadata)
                        VALUES (:id, :org, :type, :name, :description, :createdBy, CAST(:metadata AS jsonb))
                        RETURNING *""")
                .param("id", id).param("org", orgId).param("type", type).param("name", name)
                .param("description", description).param("createdBy", createdBy)
                .param("metadata", json.writeValueAsString(metadata == null ? Map.of() : metadata))
                .query(this::conversation).single();
    }

    Optional<Conversation> find(UUID id, String orgId) {
        return jdbc.sql("SELECT * FROM conversations WHERE id = :id AND org_id = :org")
                .param("id", id).param("org", orgId).query(this::conversation).optional();
    }

    Optional<Conversation> findForParticipant(UUID id, String orgId, String principalId) {
        return jdbc.sql("""
                        SELECT c.* FROM conversations c JOIN participants p ON p.conversation_id = c.id
                        WHERE c.id = :id AND c.org_id = :org AND p.principal_id = :principal""")
                .param("id", id).param("org", orgId).param("principal", principalId)
                .query(this::conversation).optional();
    }

    /** The principal's conversations in the org, most recently active first. */
    List<Conversation> forParticipant(String orgId, String principalId, String type, Paging paging) {
        return jdbc.sql("""
                        SELECT c.* FROM conversations c JOIN participants p ON p.conversation_id = c.id
                        WHERE c.org_id = :org AND p.principal_id = :principal AND (CAST(:type AS varchar) IS NULL OR c.type = :type)
                        ORDER BY c.updated_at DESC, c.id LIMIT :limit OFFSET :offset""")
                .param("org", orgId).param("principal", principalId).param("type", type)
                .param("limit", paging.limit()).param("offset", paging.offset())
                .query(this::conversation).list();
    }

    long countForParticipant(String orgId, String principalId, String type) {
        return jdbc.sql("""
                        SELECT count(*) FROM conversations c JOIN participants p ON p.conversation_id = c.id
                        WHERE c.org_id = :org AND p.principal_id = :principal AND (CAST(:type AS varchar) IS NULL OR c.type = :type)""")
                .param("org", orgId).param("principal", principalId).param("type", type)
                .query(Long.class).single();
    }

    /** Every conversation of the org (admins), most recently active first. */
    List<Conversation> inOrg(String orgId, String type, Paging paging) {
        return jdbc.sql("""
                        SELECT * FROM conversations WHERE org_id = :org AND (CAST(:type AS varchar) IS NULL OR type = :type)
                        ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset""")
                .param("org", orgId).param("type", type).param("limit", paging.limit()).param("offset", paging.offset())
                .query(this::conversation).list();
    }

    long countInOrg(String orgId, String type) {
        return jdbc.sql("SELECT count(*) FROM conversations WHERE org_id = :org AND (CAST(:type AS varchar) IS NULL OR type = :type)")
                .param("org", orgId).param("type", type).query(Long.class).single();
    }

    Conversation update(UUID id, String name, String description, Map<String, Object> metadata) {
        return jdbc.sql("""
                        UPDATE conversations SET name = :name, description = :description,
                            metadata = CAST(:metadata AS jsonb), updated_at = now()
                        WHERE id = :id RETURNING *""")
                .param("id", id).param("name", name).param("description", description)
                .param("metadata", json.writeValueAsString(metadata))
                .query(this::conversation).single();
    }

    boolean delete(UUID id, String orgId) {
        return jdbc.sql("DELETE FROM conversations WHERE id = :id AND org_id = :org")
                .param("id", id).param("org", orgId).update() > 0;
    }

    /** Adds a participant; false (and nothing changed) when the principal already is one. */
    boolean addParticipant(UUID conversationId, String principalId, String principalType, String role) {
        return insertParticipant(conversationId, principalId, principalType, role).isPresent();
    }

    /** The participant when this call added it; empty when it was already there (its row is left as it is). */
    Optional<Participant> insertParticipant(UUID conversationId, String principalId, String principalType, String role) {
        return jdbc.sql("""
                        INSERT INTO participants (conversation_id, principal_id, principal_type, role)
                        VALUES (:conversation, :principal, :type, :role)
                        ON CONFLICT (conversation_id, principal_id) DO NOTHING RETURNING *""")
                .param("conversation", conversationId).param("principal", principalId)
                .param("type", principalType).param("role", role).query(ConversationStore::participant).optional();
    }

    /** A conversation of the org with the principal's participation in it (null when none). */
    record WithParticipant(Conversation conversation, @Nullable Participant participant) {
    }

    /**
     * A private conversation with its owner and an agent as a member, in one statement (the chat stream's new
     * conversation: three round trips before); the conversation and the agent's participation.
     */
    WithParticipant insertPrivateWithAgent(UUID id, String orgId, String name, String ownerId, String ownerType,
            String agentId) {
        return jdbc.sql("""
                        WITH c AS (
                            INSERT INTO conversations (id, org_id, type, name, description, created_by, metadata)
                            VALUES (:id, :org, :type, :name, NULL, :owner, CAST('{}' AS jsonb)) RETURNING *),
                        p AS (
                            INSERT INTO participants (conversation_id, principal_id, principal_type, role)
                            SELECT c.id, x.principal, x.type, x.role FROM c CROSS JOIN (VALUES
                                (CAST(:owner AS varchar), CAST(:ownerType AS varchar), CAST(:ownerRole AS varchar)),
                                (CAST(:agent AS varchar), CAST(:agentType AS varchar), CAST(:agentRole AS varchar)))
                                AS x(principal, type, role)
                            RETURNING *)
                        SELECT c.*, p.conversation_id, p.principal_id, p.principal_type, p.role, p.joined_at, p.last_read_at
                          FROM c JOIN p ON p.principal_id = :agent""")
                .param("id", id).param("org", orgId).param("type", Conversation.PRIVATE).param("name", name)
                .param("owner", ownerId).param("ownerType", ownerType).param("ownerRole", Participant.OWNER)
                .param("agent", agentId).param("agentType", Participant.AGENT).param("agentRole", Participant.MEMBER)
                .query((rs, row) -> new WithParticipant(conversation(rs, row), participant(rs, row))).single();
    }

    /** The conversation in the org and the principal's participation, in one round trip (every access check). */
    Optional<WithParticipant> findWithParticipant(UUID id, String orgId, String principalId) {
        return jdbc.sql("""
                        SELECT c.*, p.conversation_id, p.principal_id, p.principal_type, p.role, p.joined_at, p.last_read_at
                          FROM conversations c
                          LEFT JOIN participants p ON p.conversation_id = c.id AND p.principal_id = :principal
                         WHERE c.id = :id AND c.org_id = :org""")
                .param("id", id).param("org", orgId).param("principal", principalId)
                .query((rs, row) -> new WithParticipant(conversation(rs, row),
                        rs.getObject("conversation_id") == null ? null : participant(rs, row)))
                .optional();
    }

    Optional<Participant> participant(UUID conversationId, String principalId) {
        return jdbc.sql("SELECT * FROM participants WHERE conversation_id = :conversation AND principal_id = :principal")
                .param("conversation", conversationId).param("principal", principalId)
                .query(ConversationStore::participant).optional();
    }

    /** Owner first, then by arrival. */
    List<Participant> participants(UUID conversationId) {
        return jdbc.sql("""
                        SELECT * FROM participants WHERE conversation_id = :conversation
                        ORDER BY (role = 'owner') DESC, joined_at, principal_id""")
                .param("conversation", conversationId).query(ConversationStore::participant).list();
    }

    /** Removes a participant unless it is the owner (who can never be removed). */
    Optional<Participant> removeNonOwner(UUID conversationId, String principalId) {
        return jdbc.sql("""
                        DELETE FROM participants WHERE conversation_id = :conversation AND principal_id = :principal
                            AND role <> 'owner' RETURNING *""")
                .param("conversation", conversationId).param("principal", principalId)
                .query(ConversationStore::participant).optional();
    }

    boolean exists(UUID id, String orgId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM conversations WHERE id = :id AND org_id = :org)")
                .param("id", id).param("org", orgId).query(Boolean.class).single();
    }

    /** The assistants taking part ({@code assistant:<key>} agents), by id. */
    List<String> assistantIds(UUID conversationId) {
        return jdbc.sql("""
                        SELECT principal_id FROM participants
                         WHERE conversation_id = :id AND principal_type = 'agent' AND principal_id LIKE 'assistant:%'
                         ORDER BY principal_id""")
                .param("id", conversationId).query(String.class).list();
    }

    /** The ids of the org's conversations the principal takes part in as that type. */
    List<UUID> idsForParticipant(String orgId, String principalId, String principalType) {
        return jdbc.sql("""
                        SELECT p.conversation_id FROM participants p JOIN conversations c ON c.id = p.conversation_id
                        WHERE p.principal_id = :principal AND p.principal_type = :type AND c.org_id = :org""")
                .param("principal", principalId).param("type", principalType).param("org", orgId)
                .query(UUID.class).list();
    }

    boolean isParticipant(UUID conversationId, String orgId, String principalId, String principalType) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM participants p JOIN conversations c ON c.id = p.conversation_id
                        WHERE p.conversation_id = :conversation AND p.principal_id = :principal
                          AND p.principal_type = :type AND c.org_id = :org)""")
                .param("conversation", conversationId).param("principal", principalId).param("type", principalType)
                .param("org", orgId).query(Boolean.class).single();
    }

    /** "Active" means changed, or written to, in the last 24 hours. */
    Conversations.OrgStats stats(String orgId, String type) {
        return jdbc.sql("""
                        WITH c AS (SELECT id, updated_at FROM conversations
                                   WHERE org_id = :org AND (CAST(:type AS varchar) IS NULL OR type = :type))
                        SELECT (SELECT count(*) FROM c) AS conversations,
                               (SELECT count(DISTINCT p.principal_id) FROM participants p JOIN c ON c.id = p.conversation_id)
                                 AS unique_participants,
                               (SELECT count(*) FROM c WHERE c.updated_at > now() - interval '24 hours') AS active_24h""")
                .param("org", orgId).param("type", type)
                .query((rs, row) -> new Conversations.OrgStats(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }

    void markRead(UUID conversationId, String principalId) {
        jdbc.sql("UPDATE participants SET last_read_at = now() WHERE conversation_id = :conversation AND principal_id = :principal")
                .param("conversation", conversationId).param("principal", principalId).update();
    }

    private Conversation conversation(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getObject("id", UUID.class), rs.getString("org_id"), rs.getString("type"),
                rs.getString("name"), rs.getString("description"), rs.getString("created_by"),
                json.readValue(rs.getString("metadata"), OBJECT), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Participant participant(ResultSet rs, int row) throws SQLException {
        return new Participant(rs.getObject("conversation_id", UUID.class), rs.getString("principal_id"),
                rs.getString("principal_type"), rs.getString("role"), instant(rs, "joined_at"), instant(rs, "last_read_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
