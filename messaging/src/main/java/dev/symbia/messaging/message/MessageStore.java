package dev.symbia.messaging.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Messages, and the per-conversation sequence counter they draw from. */
@Repository
class MessageStore {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MessageStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Locks the conversation row for the rest of the transaction, so appends to one conversation
     * run one after the other; false when the conversation is not in the org.
     */
    boolean lockConversation(UUID conversationId, String orgId) {
        return jdbc.sql("SELECT id FROM conversations WHERE id = :id AND org_id = :org FOR UPDATE")
                .param("id", conversationId).param("org", orgId).query(UUID.class).optional().isPresent();
    }

    /** The next sequence of the conversation; also marks the conversation as just active. */
    long nextSequence(UUID conversationId) {
        return jdbc.sql("""
                        UPDATE conversations SET last_sequence = last_sequence + 1, updated_at = now()
                        WHERE id = :id RETURNING last_sequence""")
                .param("id", conversationId).query(Long.class).single();
    }

    /** The message, numbered with the {@code last_sequence} of a {@code next} row the caller's CTE provides. */
    private static final String INSERT_NUMBERED = """
            INSERT INTO messages (id, conversation_id, org_id, sequence, sender_id, sender_type, content,
                content_type, status, reply_to, run_id, trace_id, priority, interruptible, preempted_by, metadata)
            SELECT CAST(:id AS uuid), CAST(:conversation AS uuid), CAST(:org AS varchar), next.last_sequence,
                CAST(:sender AS varchar), CAST(:senderType AS varchar), CAST(:content AS text),
                CAST(:contentType AS varchar), CAST(:status AS varchar), CAST(:replyTo AS uuid),
                CAST(:runId AS uuid), CAST(:traceId AS varchar), CAST(:priority AS varchar),
                CAST(:interruptible AS boolean), CAST(:preemptedBy AS uuid), CAST(:metadata AS jsonb)
            FROM next
            RETURNING *""";

    Message insert(UUID id, long sequence, NewMessage m) {
        return bind(jdbc.sql("WITH next AS (SELECT CAST(:sequence AS bigint) AS last_sequence) " + INSERT_NUMBERED), id, m)
                .param("sequence", sequence).query(this::message).single();
    }

    /** A message just inserted, with the conversation's assistants as the inserting transaction sees them. */
    record Inserted(Message message, List<String> assistants) {
    }

    /**
     * Numbers and inserts a message in one statement: the conversation's counter is raised (which locks its
     * row, as {@link #lockConversation} does) and the message inserted with the new value. Empty, and
     * nothing changed, when the conversation is not in the org. Only for ids that cannot repeat.
     * The same statement answers the conversation's assistants ({@code assistant:<key>} agents, by id), whom
     * {@code message.new} goes to: reading them after the commit was one round trip more per post (issue 26).
     * Participants belong to the conversation feature; this only reads them, as {@code ConversationStore.assistantIds}
     * does.
     */
    Optional<Inserted> insertNextWithAssistants(UUID id, NewMessage m) {
        return bind(jdbc.sql("""
                        WITH next AS (
                            UPDATE conversations SET last_sequence = last_sequence + 1, updated_at = now()
                            WHERE id = :conversation AND org_id = :org RETURNING last_sequence)
                        """ + INSERT_NUMBERED + """
                        , ARRAY(SELECT principal_id FROM participants
                                 WHERE conversation_id = CAST(:conversation AS uuid) AND principal_type = 'agent'
                                   AND principal_id LIKE 'assistant:%' ORDER BY principal_id) AS assistants"""), id, m)
                .query((rs, row) -> new Inserted(message(rs, row), List.of((String[]) rs.getArray("assistants").getArray())))
                .optional();
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, UUID id, NewMessage m) {
        return statement.param("id", id).param("conversation", m.conversationId()).param("org", m.orgId())
                .param("sender", m.senderId()).param("senderType", m.senderType())
                .param("content", m.content()).param("contentType", m.contentType()).param("status", m.status().wire())
                .param("replyTo", m.replyTo()).param("runId", m.runId()).param("traceId", m.traceId())
                .param("priority", m.priority()).param("interruptible", m.interruptible())
                .param("preemptedBy", m.preemptedBy()).param("metadata", json.writeValueAsString(m.metadata()));
    }

    /** Ids are the org's own (issue 20, L2): another org's message with the same id is never seen. */
    /** Visible messages of the org's conversations (of that type, when given). */
    long countVisible(String orgId, String conversationType) {
        return jdbc.sql("""
                        SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
                        WHERE m.org_id = :org AND m.deleted_at IS NULL
                          AND (CAST(:type AS varchar) IS NULL OR c.type = :type)""")
                .param("org", orgId).param("type", conversationType).query(Long.class).single();
    }

    Optional<Message> find(String orgId, UUID id) {
        return jdbc.sql("SELECT * FROM messages WHERE id = :id AND org_id = :org").param("id", id).param("org", orgId)
                .query(this::message).optional();
    }

    Optional<Message> find(UUID conversationId, UUID id) {
        return jdbc.sql("SELECT * FROM messages WHERE id = :id AND conversation_id = :conversation")
                .param("id", id).param("conversation", conversationId).query(this::message).optional();
    }

    /** Up to {@code limit} visible messages below {@code before} (all when null), newest first. */
    List<Message> newestBefore(UUID conversationId, Long before, int limit) {
        return jdbc.sql("""
                        SELECT * FROM messages WHERE conversation_id = :conversation AND deleted_at IS NULL
                            AND (CAST(:before AS bigint) IS NULL OR sequence < :before)
                        ORDER BY sequence DESC LIMIT :limit""")
                .param("conversation", conversationId).param("before", before).param("limit", limit)
                .query(this::message).list();
    }

    /** Up to {@code limit} visible messages right after {@code after}, oldest first. */
    List<Message> oldestAfter(UUID conversationId, long after, int limit) {
        return jdbc.sql("""
                        SELECT * FROM messages WHERE conversation_id = :conversation AND deleted_at IS NULL
                            AND sequence > :after
                        ORDER BY sequence ASC LIMIT :limit""")
                .param("conversation", conversationId).param("after", after).param("limit", limit)
                .query(this::message).list();
    }

    /** The last {@code limit} visible, non-event messages, oldest first. */
    List<Message> recentTurns(UUID conversationId, int limit) {
        return jdbc.sql("""
                        SELECT * FROM (
                            SELECT * FROM messages WHERE conversation_id = :conversation AND deleted_at IS NULL
                                AND content_type <> 'event'
                            ORDER BY sequence DESC LIMIT :limit) recent
                        ORDER BY sequence ASC""")
                .param("conversation", conversationId).param("limit", limit).query(this::message).list();
    }

    Message edit(UUID conversationId, UUID id, String content) {
        return jdbc.sql("""
                        UPDATE messages SET content = :content, edited_at = now(), updated_at = now()
                        WHERE id = :id AND conversation_id = :conversation RETURNING *""")
                .param("id", id).param("conversation", conversationId).param("content", content)
                .query(this::message).single();
    }

    /** Final content (unchanged when null), status and metadata merged key by key. */
    Optional<Message> finish(UUID conversationId, UUID id, String content, MessageStatus status, Map<String, Object> metadata) {
        return jdbc.sql("""
                        UPDATE messages SET content = COALESCE(:content, content), status = :status,
                            metadata = metadata || CAST(:metadata AS jsonb), updated_at = now()
                        WHERE id = :id AND conversation_id = :conversation RETURNING *""")
                .param("id", id).param("conversation", conversationId).param("content", content)
                .param("status", status.wire()).param("metadata", json.writeValueAsString(metadata == null ? Map.of() : metadata))
                .query(this::message).optional();
    }

    void softDelete(UUID conversationId, UUID id) {
        jdbc.sql("""
                        UPDATE messages SET deleted_at = now(), updated_at = now()
                        WHERE id = :id AND conversation_id = :conversation AND deleted_at IS NULL""")
                .param("id", id).param("conversation", conversationId).update();
    }

    private Message message(ResultSet rs, int row) throws SQLException {
        return new Message(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
                rs.getString("org_id"), rs.getLong("sequence"), rs.getString("sender_id"), rs.getString("sender_type"),
                rs.getString("content"), rs.getString("content_type"),
                MessageStatus.fromWire(rs.getString("status")).orElseThrow(), rs.getObject("reply_to", UUID.class),
                rs.getObject("run_id", UUID.class), rs.getString("trace_id"), rs.getString("priority"),
                rs.getBoolean("interruptible"), rs.getObject("preempted_by", UUID.class),
                json.readValue(rs.getString("metadata"), OBJECT), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "edited_at"), instant(rs, "deleted_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
