package dev.symbia.logging.logs;

import dev.symbia.logging.access.Reader;
import dev.symbia.logging.ingest.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Log entries ({@code log_entries}): stored in batches in the writer's org; queried always within the
 * reader's orgs, newest first, keyset-paginated.
 */
@Service
public class LogEntryStore {

    private static final String COLUMNS =
            "e.id, e.stream_id, e.org_id, e.ts, e.level, e.service, e.message, e.trace_id, e.span_id, e.attributes, e.resource";

    /** Rows per statement: bounds statement size while keeping round trips few. */
    static final int CHUNK = 5_000;

    private static final String INSERT = """
            INSERT INTO log_entries (id, org_id, stream_id, ts, level, severity, service, message, trace_id, span_id, attributes, resource)
            SELECT u.id::uuid, ?::uuid, u.stream::uuid, %s, u.level, u.sev::smallint, u.service, u.message, u.trace_id, u.span_id,
                   u.attributes::jsonb, u.resource::jsonb
            FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS u(id, stream, us, level, sev, service, message, trace_id, span_id, attributes, resource)
            """.formatted(Rows.timestampFromMicros("u.us"));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    LogEntryStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Stores the entries in the org, several thousand rows per statement (in the caller's transaction). */
    void insert(UUID org, List<LogEntry> entries) {
        for (int from = 0; from < entries.size(); from += CHUNK) {
            List<LogEntry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
            batch.update(INSERT, ps -> bind(ps, org, chunk));
        }
    }

    public Page search(Reader reader, LogQuery query) {
        query.check();
        List<UUID> orgs = reader.scope(query.orgId());
        Cursor cursor = Cursor.decode(query.cursor());
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM log_entries e WHERE e.org_id IN (:orgs)"
                + " AND NOT EXISTS (SELECT 1 FROM log_streams s WHERE s.id = e.stream_id AND s.deleted_at IS NOT NULL)");
        var params = new java.util.HashMap<String, Object>();
        params.put("orgs", orgs);
        if (query.streamIds() != null && !query.streamIds().isEmpty()) {
            sql.append(" AND e.stream_id IN (:streams)");
            params.put("streams", query.streamIds());
        }
        if (query.services() != null && !query.services().isEmpty()) {
            sql.append(" AND e.service IN (:services)");
            params.put("services", query.services());
        }
        if (query.level() != null && !query.level().isBlank()) {
            sql.append(" AND e.level = :level");
            params.put("level", query.parsedLevel(query.level()).wire());
        }
        if (query.minLevel() != null && !query.minLevel().isBlank()) {
            sql.append(" AND e.severity >= :minSeverity");
            params.put("minSeverity", query.parsedLevel(query.minLevel()).severity());
        }
        if (query.startTime() != null) {
            sql.append(" AND e.ts >= :start");
            params.put("start", Rows.ts(query.startTime()));
        }
        if (query.endTime() != null) {
            sql.append(" AND e.ts < :end");
            params.put("end", Rows.ts(query.endTime()));
        }
        String tsQuery = tsQuery(query.search());
        if (tsQuery != null) {
            sql.append(" AND e.search @@ to_tsquery('simple', :tsq)");
            params.put("tsq", tsQuery);
        }
        if (query.traceId() != null && !query.traceId().isBlank()) {
            sql.append(" AND e.trace_id = :traceId");
            params.put("traceId", query.traceId().trim().toLowerCase(Locale.ROOT));
        }
        if (cursor != null) {
            sql.append(" AND (e.ts, e.id) < (:cursorTs, :cursorId)");
            params.put("cursorTs", Rows.ts(cursor.time()));
            params.put("cursorId", uuid(cursor.key()));
        }
        int limit = query.limitOrDefault();
        sql.append(" ORDER BY e.ts DESC, e.id DESC LIMIT :limit");
        params.put("limit", limit + 1);
        List<LogEntry> rows = new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(LogEntryStore::row).list());
        String next = null;
        if (rows.size() > limit) {
            rows.remove(rows.size() - 1);
            LogEntry last = rows.get(rows.size() - 1);
            next = new Cursor(last.timestamp(), last.id().toString()).encode();
        }
        return new Page(rows, rows.size(), next);
    }

    /** Entries by id, within the reader's orgs (ids of other orgs are silently not found). */
    public List<LogEntry> byIds(Reader reader, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return byIds(reader.scope(null), ids);
    }

    /**
     * Entries of one org by id, in the order of {@code ids} (their ingest order): how a replica reads
     * what another one ingested for its live tails.
     */
    public List<LogEntry> inIngestOrder(UUID org, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var byId = byIds(List.of(org), ids).stream()
                .collect(Collectors.toMap(LogEntry::id, java.util.function.Function.identity()));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private List<LogEntry> byIds(Collection<UUID> orgs, Collection<UUID> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM log_entries e WHERE e.org_id IN (:orgs) AND e.id IN (:ids) ORDER BY e.ts DESC, e.id DESC")
                .param("orgs", orgs).param("ids", ids).query(LogEntryStore::row).list();
    }

    /**
     * A prefix query over the words of the search text: "conn time" finds "connection timeout".
     * Words are letters and digits only, so the text can never inject tsquery syntax.
     */
    static String tsQuery(String search) {
        if (search == null) {
            return null;
        }
        String query = Arrays.stream(search.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .limit(16)
                .map(word -> word + ":*")
                .collect(Collectors.joining(" & "));
        return query.isEmpty() ? null : query;
    }

    private static UUID uuid(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw dev.symbia.web.problem.ProblemException.badRequest("The cursor is not valid for logs.");
        }
    }

    static LogEntry row(ResultSet rs, int n) throws SQLException {
        return new LogEntry(rs.getObject("id", UUID.class), rs.getObject("stream_id", UUID.class),
                rs.getObject("org_id", UUID.class), Rows.instant(rs, "ts"), rs.getString("level"), rs.getString("service"),
                rs.getString("message"), rs.getString("trace_id"), rs.getString("span_id"),
                Rows.map(rs.getString("attributes")), Rows.map(rs.getString("resource")));
    }

    /** One page of results; {@code nextCursor} is null on the last page. */
    public record Page(List<LogEntry> data, int rowCount, String nextCursor) {
    }

    private static void bind(PreparedStatement ps, UUID org, List<LogEntry> chunk) throws SQLException {
        int n = chunk.size();
        String[] ids = new String[n], streams = new String[n], levels = new String[n], services = new String[n],
                messages = new String[n], traceIds = new String[n], spanIds = new String[n], attributes = new String[n],
                resources = new String[n];
        Long[] micros = new Long[n];
        Integer[] severities = new Integer[n];
        for (int i = 0; i < n; i++) {
            LogEntry e = chunk.get(i);
            ids[i] = e.id().toString();
            streams[i] = e.streamId().toString();
            micros[i] = Rows.micros(e.timestamp());
            levels[i] = e.level();
            severities[i] = Level.valueOf(e.level().toUpperCase(java.util.Locale.ROOT)).severity();
            services[i] = e.service();
            messages[i] = e.message();
            traceIds[i] = e.traceId();
            spanIds[i] = e.spanId();
            attributes[i] = Rows.json(e.metadata());
            resources[i] = Rows.json(e.resource());
        }
        ps.setObject(1, org);
        Rows.text(ps, 2, ids);
        Rows.text(ps, 3, streams);
        Rows.int8(ps, 4, micros);
        Rows.text(ps, 5, levels);
        Rows.int4(ps, 6, severities);
        Rows.text(ps, 7, services);
        Rows.text(ps, 8, messages);
        Rows.text(ps, 9, traceIds);
        Rows.text(ps, 10, spanIds);
        Rows.text(ps, 11, attributes);
        Rows.text(ps, 12, resources);
    }
}
