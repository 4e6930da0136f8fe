package dev.symbia.network.trace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Traces in the network schema, written with their events by {@link HistoryWriter}; reads wait for this replica's writes. */
@Repository
public class TraceStore {

    private static final TypeReference<List<Hop>> HOPS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final HistoryWriter writer;

    TraceStore(JdbcClient jdbc, JsonMapper json, HistoryWriter writer) {
        this.jdbc = jdbc;
        this.json = json;
        this.writer = writer;
    }

    public Optional<Trace> find(String eventId) {
        writer.awaitWritten();
        return jdbc.sql("SELECT * FROM traces WHERE event_id = :id").param("id", eventId).query(this::map).optional();
    }

    public List<Trace> ofRun(String runId, int limit) {
        writer.awaitWritten();
        return jdbc.sql("SELECT * FROM traces WHERE run_id = :runId ORDER BY created_at, event_id LIMIT :limit")
                .param("runId", runId).param("limit", limit).query(this::map).list();
    }

    /** Retained traces per status (every status present, zero when none). */
    public Map<TraceStatus, Long> countByStatus() {
        writer.awaitWritten();
        Map<TraceStatus, Long> counts = new EnumMap<>(TraceStatus.class);
        for (TraceStatus status : TraceStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, count(*) AS n FROM traces GROUP BY status")
                .query((rs, row) -> counts.put(TraceStatus.parse(rs.getString("status")), rs.getLong("n")))
                .list();
        return counts;
    }

    private Trace map(ResultSet rs, int row) throws SQLException {
        return new Trace(rs.getString("event_id"), rs.getString("run_id"), TraceStatus.parse(rs.getString("status")),
                rs.getString("error"), json.readValue(rs.getString("hops"), HOPS), rs.getLong("total_duration_ms"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
