package dev.symbia.logging.traces;

import dev.symbia.logging.ingest.Rows;
import dev.symbia.logging.logs.Cursor;
import dev.symbia.web.problem.ProblemException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The traces feature's tables: spans ({@code spans}) and each trace's summary row ({@code traces}).
 *
 * <p>Writing: spans are stored and their trace's summary (root span, time span, span and error counts,
 * services) kept up to date in the same transaction. Summaries are merged into the existing row rather
 * than recomputed, so concurrent batches of one trace add up; rows are written in trace-id order so
 * concurrent batches cannot deadlock. Re-exported spans are ignored, and do not count twice.
 *
 * <p>Reading: trace lists from the summary table and the spans of a trace, always within the given orgs.
 */
@Service
public class TraceStore {

    static final int CHUNK = 5_000;
    private static final char SEPARATOR = '\u001f';

    private static final String INSERT_SPANS = """
            INSERT INTO spans (org_id, trace_id, span_id, parent_span_id, name, service, kind, status, status_message,
                               start_time, end_time, duration_ms, attributes, events, resource)
            SELECT ?::uuid, u.trace_id, u.span_id, u.parent, u.name, u.service, u.kind, u.status, u.message,
                   %s, %s, u.duration, u.attributes::jsonb, u.events::jsonb, u.resource::jsonb
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::int8[], ?::int8[], ?::float8[], ?::text[], ?::text[], ?::text[])
                 AS u(trace_id, span_id, parent, name, service, kind, status, message, start_us, end_us, duration,
                      attributes, events, resource)
            ON CONFLICT (org_id, trace_id, span_id) DO NOTHING
            RETURNING trace_id, span_id
            """.formatted(Rows.timestampFromMicros("u.start_us"), Rows.timestampFromMicros("u.end_us"));

    private static final String UPSERT_TRACES = """
            INSERT INTO traces AS t (org_id, trace_id, root_span_id, root_name, root_service, root_start, root_status,
                                     start_time, end_time, span_count, error_count, services)
            SELECT ?::uuid, u.trace_id, u.root_id, u.root_name, u.root_service, %s, u.root_status, %s, %s,
                   u.spans, u.errors, string_to_array(u.services, chr(31))
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::int8[], ?::int8[],
                        ?::int4[], ?::int4[], ?::text[])
                 AS u(trace_id, root_id, root_name, root_service, root_us, root_status, start_us, end_us, spans, errors, services)
            ON CONFLICT (org_id, trace_id) DO UPDATE SET
              start_time = LEAST(t.start_time, EXCLUDED.start_time),
              end_time = GREATEST(t.end_time, EXCLUDED.end_time),
              span_count = t.span_count + EXCLUDED.span_count,
              error_count = t.error_count + EXCLUDED.error_count,
              services = ARRAY(SELECT DISTINCT s FROM unnest(t.services || EXCLUDED.services) AS s ORDER BY s),
              root_span_id = CASE WHEN %5$s THEN EXCLUDED.root_span_id ELSE t.root_span_id END,
              root_name = CASE WHEN %5$s THEN EXCLUDED.root_name ELSE t.root_name END,
              root_service = CASE WHEN %5$s THEN EXCLUDED.root_service ELSE t.root_service END,
              root_status = CASE WHEN %5$s THEN EXCLUDED.root_status ELSE t.root_status END,
              root_start = CASE WHEN %5$s THEN EXCLUDED.root_start ELSE t.root_start END,
              updated_at = now()
            """.formatted(Rows.timestampFromMicros("u.root_us"), Rows.timestampFromMicros("u.start_us"),
            Rows.timestampFromMicros("u.end_us"), "",
            "(EXCLUDED.root_span_id IS NOT NULL AND (t.root_span_id IS NULL OR EXCLUDED.root_start < t.root_start))");

    private static final String SUMMARY_COLUMNS = "trace_id, org_id, root_span_id, root_name, root_service, root_status,"
            + " start_time, end_time, span_count, error_count, services";
    private static final String SPAN_COLUMNS = "trace_id, span_id, parent_span_id, org_id, name, service, kind, status,"
            + " status_message, start_time, end_time, duration_ms, attributes, events, resource";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;

    TraceStore(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transactions = transactions;
    }

    /** Stores the spans in the org; returns how many were new. */
    public int write(UUID org, List<NewSpan> spans) {
        if (spans.isEmpty()) {
            return 0;
        }
        List<NewSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(NewSpan::traceId).thenComparing(NewSpan::spanId));
        Integer stored = transactions.execute(status -> {
            Set<String> inserted = new HashSet<>();
            for (int from = 0; from < sorted.size(); from += CHUNK) {
                List<NewSpan> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
                batch.query(con -> {
                    PreparedStatement ps = con.prepareStatement(INSERT_SPANS);
                    bindSpans(ps, org, chunk);
                    return ps;
                }, (RowCallbackHandler) rs -> inserted.add(rs.getString(1) + SEPARATOR + rs.getString(2)));
            }
            // Only spans stored just now count: a batch may repeat itself or an earlier one.
            Map<String, Summary> summaries = new TreeMap<>();
            Set<String> seen = new HashSet<>();
            for (NewSpan span : sorted) {
                String key = span.traceId() + SEPARATOR + span.spanId();
                if (inserted.contains(key) && seen.add(key)) {
                    summaries.computeIfAbsent(span.traceId(), id -> new Summary()).add(span);
                }
            }
            if (!summaries.isEmpty()) {
                List<Map.Entry<String, Summary>> entries = new ArrayList<>(summaries.entrySet());
                for (int from = 0; from < entries.size(); from += CHUNK) {
                    List<Map.Entry<String, Summary>> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
                    batch.update(UPSERT_TRACES, ps -> bindTraces(ps, org, chunk));
                }
            }
            return seen.size();
        });
        return stored == null ? 0 : stored;
    }

    private static void bindSpans(PreparedStatement ps, UUID org, List<NewSpan> chunk) throws SQLException {
        int n = chunk.size();
        String[] traceIds = new String[n], spanIds = new String[n], parents = new String[n], names = new String[n],
                services = new String[n], kinds = new String[n], statuses = new String[n], messages = new String[n],
                attributes = new String[n], events = new String[n], resources = new String[n];
        Long[] starts = new Long[n], ends = new Long[n];
        Double[] durations = new Double[n];
        for (int i = 0; i < n; i++) {
            NewSpan s = chunk.get(i);
            traceIds[i] = s.traceId();
            spanIds[i] = s.spanId();
            parents[i] = s.parentSpanId();
            names[i] = Rows.clean(s.name());
            services[i] = service(s);
            kinds[i] = s.kind();
            statuses[i] = s.status();
            messages[i] = Rows.clean(s.statusMessage());
            starts[i] = Rows.micros(s.startTime());
            ends[i] = s.endTime() == null ? null : Rows.micros(s.endTime());
            durations[i] = s.endTime() == null ? null : Duration.between(s.startTime(), s.endTime()).toNanos() / 1_000_000.0;
            attributes[i] = Rows.json(s.attributes());
            events[i] = Rows.json(s.events() == null ? List.of() : s.events());
            resources[i] = Rows.json(s.resource());
        }
        ps.setObject(1, org);
        Rows.text(ps, 2, traceIds);
        Rows.text(ps, 3, spanIds);
        Rows.text(ps, 4, parents);
        Rows.text(ps, 5, names);
        Rows.text(ps, 6, services);
        Rows.text(ps, 7, kinds);
        Rows.text(ps, 8, statuses);
        Rows.text(ps, 9, messages);
        Rows.int8(ps, 10, starts);
        Rows.int8(ps, 11, ends);
        Rows.float8(ps, 12, durations);
        Rows.text(ps, 13, attributes);
        Rows.text(ps, 14, events);
        Rows.text(ps, 15, resources);
    }

    private static void bindTraces(PreparedStatement ps, UUID org, List<Map.Entry<String, Summary>> chunk)
            throws SQLException {
        int n = chunk.size();
        String[] traceIds = new String[n], rootIds = new String[n], rootNames = new String[n], rootServices = new String[n],
                rootStatuses = new String[n], services = new String[n];
        Long[] rootStarts = new Long[n], starts = new Long[n], ends = new Long[n];
        Integer[] spans = new Integer[n], errors = new Integer[n];
        for (int i = 0; i < n; i++) {
            Summary s = chunk.get(i).getValue();
            traceIds[i] = chunk.get(i).getKey();
            if (s.root != null) {
                rootIds[i] = s.root.spanId();
                rootNames[i] = Rows.clean(s.root.name());
                rootServices[i] = service(s.root);
                rootStatuses[i] = s.root.status();
                rootStarts[i] = Rows.micros(s.root.startTime());
            }
            starts[i] = Rows.micros(s.start);
            ends[i] = Rows.micros(s.end);
            spans[i] = s.count;
            errors[i] = s.errors;
            services[i] = String.join(String.valueOf(SEPARATOR), s.services);
        }
        ps.setObject(1, org);
        Rows.text(ps, 2, traceIds);
        Rows.text(ps, 3, rootIds);
        Rows.text(ps, 4, rootNames);
        Rows.text(ps, 5, rootServices);
        Rows.int8(ps, 6, rootStarts);
        Rows.text(ps, 7, rootStatuses);
        Rows.int8(ps, 8, starts);
        Rows.int8(ps, 9, ends);
        Rows.int4(ps, 10, spans);
        Rows.int4(ps, 11, errors);
        Rows.text(ps, 12, services);
    }

    private static String service(NewSpan span) {
        return Rows.clean(span.service()).replace(SEPARATOR, ' ');
    }

    /** What one batch adds to a trace's summary. */
    private static final class Summary {
        Instant start;
        Instant end;
        int count;
        int errors;
        NewSpan root;
        final Set<String> services = new TreeSet<>();

        void add(NewSpan span) {
            Instant spanEnd = span.endTime() == null ? span.startTime() : span.endTime();
            start = start == null || span.startTime().isBefore(start) ? span.startTime() : start;
            end = end == null || spanEnd.isAfter(end) ? spanEnd : end;
            count++;
            if ("error".equals(span.status())) {
                errors++;
            }
            services.add(service(span));
            if (span.parentSpanId() == null && (root == null || span.startTime().isBefore(root.startTime()))) {
                root = span;
            }
        }
    }

    Page list(Collection<UUID> orgs, TraceQuery query) {
        if (query.startTime() != null && query.endTime() != null && !query.startTime().isBefore(query.endTime())) {
            throw ProblemException.badRequest("startTime must be before endTime.");
        }
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS + " FROM traces WHERE org_id IN (:orgs)");
        Map<String, Object> params = new HashMap<>();
        params.put("orgs", orgs);
        if (query.traceIds() != null && !query.traceIds().isEmpty()) {
            sql.append(" AND trace_id IN (:traceIds)");
            params.put("traceIds", query.traceIds().stream().map(id -> id.trim().toLowerCase(Locale.ROOT)).toList());
        }
        if (query.serviceName() != null && !query.serviceName().isBlank()) {
            sql.append(" AND services @> ARRAY[CAST(:service AS text)]");
            params.put("service", query.serviceName().trim());
        }
        if (query.status() != null && !query.status().isBlank()) {
            sql.append(switch (query.status().trim().toLowerCase(Locale.ROOT)) {
                case "error" -> " AND error_count > 0";
                case "ok" -> " AND error_count = 0 AND root_status = 'ok'";
                case "unset" -> " AND error_count = 0 AND COALESCE(root_status, 'unset') = 'unset'";
                default -> throw ProblemException.badRequest("status must be one of unset, ok, error.");
            });
        }
        if (query.startTime() != null) {
            sql.append(" AND start_time >= :start");
            params.put("start", Rows.ts(query.startTime()));
        }
        if (query.endTime() != null) {
            sql.append(" AND start_time < :end");
            params.put("end", Rows.ts(query.endTime()));
        }
        if (query.minDurationMs() != null) {
            sql.append(" AND extract(epoch FROM (end_time - start_time)) * 1000 >= :minDuration");
            params.put("minDuration", query.minDurationMs());
        }
        if (query.maxDurationMs() != null) {
            sql.append(" AND extract(epoch FROM (end_time - start_time)) * 1000 <= :maxDuration");
            params.put("maxDuration", query.maxDurationMs());
        }
        Cursor cursor = Cursor.decode(query.cursor());
        if (cursor != null) {
            sql.append(" AND (start_time, trace_id) < (:cursorTs, :cursorId)");
            params.put("cursorTs", Rows.ts(cursor.time()));
            params.put("cursorId", cursor.key());
        }
        int limit = query.limit() == null ? 100 : query.limit();
        sql.append(" ORDER BY start_time DESC, trace_id DESC LIMIT :limit");
        params.put("limit", limit + 1);
        List<TraceSummary> rows = new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(TraceStore::summary).list());
        String next = null;
        if (rows.size() > limit) {
            rows.remove(rows.size() - 1);
            TraceSummary last = rows.get(rows.size() - 1);
            next = new Cursor(last.startTime(), last.traceId()).encode();
        }
        return new Page(rows, rows.size(), next);
    }

    List<SpanView> spans(Collection<UUID> orgs, String traceId) {
        return jdbc.sql("SELECT " + SPAN_COLUMNS + " FROM spans WHERE org_id IN (:orgs) AND trace_id = :traceId"
                        + " ORDER BY start_time, span_id")
                .param("orgs", orgs).param("traceId", traceId.trim().toLowerCase(Locale.ROOT))
                .query(TraceStore::span).list();
    }

    static TraceSummary summary(ResultSet rs, int n) throws SQLException {
        var start = Rows.instant(rs, "start_time");
        var end = Rows.instant(rs, "end_time");
        int errors = rs.getInt("error_count");
        String rootStatus = rs.getString("root_status");
        return new TraceSummary(rs.getString("trace_id"), rs.getObject("org_id", UUID.class), rs.getString("root_span_id"),
                rs.getString("root_name"), rs.getString("root_service"),
                errors > 0 ? "error" : rootStatus == null ? "unset" : rootStatus,
                start, end, end == null ? null : java.time.Duration.between(start, end).toNanos() / 1_000_000.0,
                rs.getInt("span_count"), errors, Arrays.asList((String[]) rs.getArray("services").getArray()));
    }

    static SpanView span(ResultSet rs, int n) throws SQLException {
        return new SpanView(rs.getString("trace_id"), rs.getString("span_id"), rs.getString("parent_span_id"),
                rs.getObject("org_id", UUID.class), rs.getString("name"), rs.getString("service"), rs.getString("kind"),
                rs.getString("status"), rs.getString("status_message"), Rows.instant(rs, "start_time"),
                Rows.instant(rs, "end_time"), (Double) rs.getObject("duration_ms"), Rows.map(rs.getString("attributes")),
                Rows.value(rs.getString("events")), Rows.map(rs.getString("resource")), null);
    }

    record Page(List<TraceSummary> data, int rowCount, String nextCursor) {
    }
}
