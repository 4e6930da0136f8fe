package dev.symbia.network.trace;

import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** Accepted events, as received (signature included). The id is the primary key: a replay cannot be stored twice. */
@Repository
public class EventRepository {

    /** A stored event and when the network accepted it. */
    public record StoredEvent(JsonNode envelope, String id, String type, String source, String target, String runId,
            Instant receivedAt) {
    }

    private final JdbcClient jdbc;
    private final EnvelopeCodec codec;

    EventRepository(JdbcClient jdbc, EnvelopeCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** Stores the event; false when an event with this id was already accepted. */
    public boolean insertIfAbsent(Envelope envelope) {
        return jdbc.sql("""
                        INSERT INTO events (id, type, source, target, run_id, boundary, envelope)
                        VALUES (:id, :type, :source, :target, :runId, :boundary, CAST(:envelope AS jsonb))
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", envelope.id())
                .param("type", envelope.type())
                .param("source", envelope.source())
                .param("target", envelope.target())
                .param("runId", envelope.runId())
                .param("boundary", envelope.boundary().wire())
                .param("envelope", codec.write(envelope))
                .update() > 0;
    }

    public Optional<StoredEvent> find(String id) {
        return jdbc.sql("SELECT * FROM events WHERE id = :id").param("id", id).query(this::map).optional();
    }

    /** Newest first, optionally of one run. */
    public List<StoredEvent> recent(String runId, int limit) {
        return jdbc.sql("""
                        SELECT * FROM events WHERE (CAST(:runId AS varchar) IS NULL OR run_id = :runId)
                        ORDER BY received_at DESC, id LIMIT :limit""")
                .param("runId", runId).param("limit", limit).query(this::map).list();
    }

    /** Oldest first: the order a flow happened in. */
    public List<StoredEvent> ofRun(String runId, int limit) {
        return jdbc.sql("SELECT * FROM events WHERE run_id = :runId ORDER BY received_at, id LIMIT :limit")
                .param("runId", runId).param("limit", limit).query(this::map).list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM events").query(Long.class).single();
    }

    private StoredEvent map(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(codec.mapper().readTree(rs.getString("envelope")), rs.getString("id"), rs.getString("type"),
                rs.getString("source"), rs.getString("target"), rs.getString("run_id"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant());
    }
}
