package dev.symbia.logging.traces;

import dev.symbia.logging.ingest.Rows;
import dev.symbia.logging.logs.Cursor;
import dev.symbia.web.problem.ProblemException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Trace lists from the summary table and span trees, always within the given orgs. */
@Service
class TraceReads {

    /** Deeper spans are shown as extra roots, so a pathological parent chain cannot blow up a response. */
    static final int MAX_DEPTH = 256;
    private static final java.util.Comparator<SpanView> BY_START =
            java.util.Comparator.comparing(SpanView::startTime).thenComparing(SpanView::spanId);
    private static final String SUMMARY_COLUMNS = "trace_id, org_id, root_span_id, root_name, root_service, root_status,"
            + " start_time, end_time, span_count, error_count, services";
    private static final String SPAN_COLUMNS = "trace_id, span_id, parent_span_id, org_id, name, service, kind, status,"
            + " status_message, start_time, end_time, duration_ms, attributes, events, resource";

    private final JdbcClient jdbc;

    TraceReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        List<TraceSummary> rows = new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(TraceReads::summary).list());
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
                .query(TraceReads::span).list();
    }

    /**
     * The spans as a forest: children under their parent in start order; spans whose parent is not
     * (yet) here, or too deep, or in a parent cycle, become roots.
     */
    static List<SpanView> tree(List<SpanView> spans) {
        Map<String, SpanView> byId = new LinkedHashMap<>();
        spans.forEach(s -> byId.putIfAbsent(s.spanId(), s));
        Map<String, List<String>> children = new HashMap<>();
        List<String> roots = new ArrayList<>();
        for (SpanView s : byId.values()) {
            String parent = s.parentSpanId();
            if (parent == null || parent.equals(s.spanId()) || !byId.containsKey(parent)) {
                roots.add(s.spanId());
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s.spanId());
            }
        }
        // Breadth-first from the roots; what is never reached sits in a cycle and becomes a root too.
        Map<String, Integer> depth = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        List<String> allRoots = new ArrayList<>(roots);
        roots.forEach(r -> depth.put(r, 0));
        queue.addAll(roots);
        drain(queue, children, depth, allRoots);
        for (String id : byId.keySet()) {
            if (!depth.containsKey(id)) {
                depth.put(id, 0);
                allRoots.add(id);
                queue.add(id);
                drain(queue, children, depth, allRoots);
            }
        }
        java.util.Set<String> rootSet = new java.util.HashSet<>(allRoots);
        Map<String, List<SpanView>> built = new HashMap<>();
        // Assemble bottom-up (deepest first) so each node is complete before its parent takes it.
        List<String> order = new ArrayList<>(depth.keySet());
        order.sort((a, b) -> Integer.compare(depth.get(b), depth.get(a)));
        Map<String, SpanView> done = new HashMap<>();
        for (String id : order) {
            List<SpanView> kids = new ArrayList<>(built.getOrDefault(id, List.of()));
            kids.sort(BY_START);
            SpanView node = byId.get(id).withChildren(List.copyOf(kids));
            done.put(id, node);
            if (!rootSet.contains(id)) {
                built.computeIfAbsent(node.parentSpanId(), k -> new ArrayList<>()).add(node);
            }
        }
        return allRoots.stream().map(done::get).sorted(BY_START).toList();
    }

    private static void drain(Deque<String> queue, Map<String, List<String>> children, Map<String, Integer> depth,
            List<String> roots) {
        while (!queue.isEmpty()) {
            String id = queue.poll();
            for (String child : children.getOrDefault(id, List.of())) {
                if (depth.containsKey(child)) {
                    continue;
                }
                int d = depth.get(id) + 1;
                if (d > MAX_DEPTH) {
                    d = 0;
                    roots.add(child);
                }
                depth.put(child, d);
                queue.add(child);
            }
        }
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
