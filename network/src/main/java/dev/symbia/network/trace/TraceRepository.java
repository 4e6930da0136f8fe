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

/** Traces in the network schema. */
@Repository
public class TraceRepository {

    private static final TypeReference<List<Hop>> HOPS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TraceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Trace trace) {
        jdbc.sql("""
                        INSERT INTO traces (event_id, run_id, status, error, hops, total_duration_ms)
                        VALUES (:eventId, :runId, :status, :error, CAST(:hops AS jsonb), :duration)
                        ON CONFLICT (event_id) DO NOTHING""")
                .param("eventId", trace.eventId())
                .param("runId", trace.runId())
                .param("status", trace.status().wire())
                .param("error", trace.error() == null ? null : trace.error().length() > 500 ? trace.error().substring(0, 500) : trace.error())
                .param("hops", json.writeValueAsString(trace.path()))
                .param("duration", (int) Math.min(Integer.MAX_VALUE, trace.totalDurationMs()))
                .update();
    }

    public Optional<Trace> find(String eventId) {
        return jdbc.sql("SELECT * FROM traces WHERE event_id = :id").param("id", eventId).query(this::map).optional();
    }

    public List<Trace> ofRun(String runId, int limit) {
        return jdbc.sql("SELECT * FROM traces WHERE run_id = :runId ORDER BY created_at, event_id LIMIT :limit")
                .param("runId", runId).param("limit", limit).query(this::map).list();
    }

    /** Retained traces per status (every status present, zero when none). */
    public Map<TraceStatus, Long> countByStatus() {
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
