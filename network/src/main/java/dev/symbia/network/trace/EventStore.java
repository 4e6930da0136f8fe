package dev.symbia.network.trace;

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

/**
 * Accepted events, as received (signature included). The id is the primary key: a replay cannot be stored
 * twice. Written in batches by {@link HistoryWriter}; every read here first waits for what this replica
 * appended before it, so it reads its own writes.
 */
@Repository
public class EventStore {

    /** A stored event and when the network accepted it. */
    public record StoredEvent(JsonNode envelope, String id, String type, String source, String target, String runId,
            Instant receivedAt) {
    }

    private final JdbcClient jdbc;
    private final EnvelopeCodec codec;
    private final HistoryWriter writer;

    EventStore(JdbcClient jdbc, EnvelopeCodec codec, HistoryWriter writer) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.writer = writer;
    }

    /**
     * Whether an event with this id is stored, without waiting for this replica's queued writes: the replay guard's
     * fallback for ids it had to forget, which were written long before.
     */
    public boolean existsStored(String id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM events WHERE id = :id)").param("id", id).query(Boolean.class).single();
    }

    /** Ids of events received since {@code since}, newest first, at most {@code limit}: the replay guard's memory at start. */
    public List<String> idsSince(Instant since, int limit) {
        return jdbc.sql("SELECT id FROM events WHERE received_at >= :since ORDER BY received_at DESC LIMIT :limit")
                .param("since", java.sql.Timestamp.from(since)).param("limit", limit).query(String.class).list();
    }

    public Optional<StoredEvent> find(String id) {
        writer.awaitWritten();
        return jdbc.sql("SELECT * FROM events WHERE id = :id").param("id", id).query(this::map).optional();
    }

    /** Newest first, optionally of one run. */
    public List<StoredEvent> recent(String runId, int limit) {
        writer.awaitWritten();
        return jdbc.sql("""
                        SELECT * FROM events WHERE (CAST(:runId AS varchar) IS NULL OR run_id = :runId)
                        ORDER BY received_at DESC, id LIMIT :limit""")
                .param("runId", runId).param("limit", limit).query(this::map).list();
    }

    /** Oldest first: the order a flow happened in. */
    public List<StoredEvent> ofRun(String runId, int limit) {
        writer.awaitWritten();
        return jdbc.sql("SELECT * FROM events WHERE run_id = :runId ORDER BY received_at, id LIMIT :limit")
                .param("runId", runId).param("limit", limit).query(this::map).list();
    }

    public long count() {
        writer.awaitWritten();
        return jdbc.sql("SELECT count(*) FROM events").query(Long.class).single();
    }

    private StoredEvent map(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(codec.mapper().readTree(rs.getString("envelope")), rs.getString("id"), rs.getString("type"),
                rs.getString("source"), rs.getString("target"), rs.getString("run_id"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant());
    }
}
