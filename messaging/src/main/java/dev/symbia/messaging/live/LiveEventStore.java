package dev.symbia.messaging.live;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code live_events}: durable events, kept for {@code retention} so SSE clients can resume and other
 * replicas can load what a notification only names by id.
 */
@Repository
class LiveEventStore {

    /** One stored event; {@code payload} is its JSON text. */
    record StoredEvent(long id, UUID conversationId, String name, String payload) {
    }

    private final JdbcClient jdbc;

    LiveEventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Several events in one statement; their ids, in the order of the lists (ids grow in insertion order). */
    List<Long> insertAll(List<UUID> conversationIds, List<String> names, List<String> payloadsJson) {
        List<Long> ids = jdbc.sql("""
                        INSERT INTO live_events (conversation_id, name, payload)
                        SELECT c, n, p FROM unnest(CAST(:conversations AS uuid[]), CAST(:names AS varchar[]),
                            CAST(:payloads AS jsonb[])) WITH ORDINALITY AS e(c, n, p, i)
                        ORDER BY i
                        RETURNING id""")
                .param("conversations", conversationIds.stream().map(UUID::toString).toArray(String[]::new))
                .param("names", names.toArray(String[]::new))
                .param("payloads", payloadsJson.toArray(String[]::new))
                .query(Long.class).list();
        return ids.stream().sorted().toList();
    }

    Optional<StoredEvent> find(long id) {
        return jdbc.sql("SELECT id, conversation_id, name, payload::text AS payload FROM live_events WHERE id = :id")
                .param("id", id).query(StoredEvent.class).optional();
    }

    /** A conversation's events after an id, oldest first (SSE resume). */
    List<StoredEvent> after(UUID conversationId, long afterId, int limit) {
        return jdbc.sql("SELECT id, conversation_id, name, payload::text AS payload FROM live_events "
                        + "WHERE conversation_id = :conversation AND id > :after ORDER BY id LIMIT :limit")
                .param("conversation", conversationId).param("after", afterId).param("limit", limit)
                .query(StoredEvent.class).list();
    }

    /** Every event stored since an instant, oldest first (catching up after a lost LISTEN connection). */
    List<StoredEvent> since(Instant from, int limit) {
        return jdbc.sql("SELECT id, conversation_id, name, payload::text AS payload FROM live_events "
                        + "WHERE created_at >= :from ORDER BY id LIMIT :limit")
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC)).param("limit", limit)
                .query(StoredEvent.class).list();
    }

    /** Deletes up to {@code batch} events created before the cutoff; returns how many. */
    int deleteOlderThan(Instant cutoff, int batch) {
        return jdbc.sql("DELETE FROM live_events WHERE id IN (SELECT id FROM live_events WHERE created_at < :cutoff "
                        + "ORDER BY id LIMIT :batch)")
                .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)).param("batch", batch)
                .update();
    }
}
