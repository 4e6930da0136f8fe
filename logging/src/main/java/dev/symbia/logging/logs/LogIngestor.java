package dev.symbia.logging.logs;

import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.Rows;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores log entries in the writer's org, all or nothing, then hands them to in-process listeners
 * (the live tail) once committed.
 */
@Service
public class LogIngestor {

    /** Rows per statement: bounds statement size while keeping round trips few. */
    static final int CHUNK = 5_000;

    private static final String INSERT = """
            INSERT INTO log_entries (id, org_id, stream_id, ts, level, severity, service, message, trace_id, span_id, attributes, resource)
            SELECT u.id::uuid, ?::uuid, u.stream::uuid, %s, u.level, u.sev::smallint, u.service, u.message, u.trace_id, u.span_id,
                   u.attributes::jsonb, u.resource::jsonb
            FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS u(id, stream, us, level, sev, service, message, trace_id, span_id, attributes, resource)
            """.formatted(Rows.timestampFromMicros("u.us"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    LogIngestor(JdbcTemplate jdbc, TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
    }

    /** Stores the entries (their streams must belong to the writer's org) and returns them as stored. */
    public List<LogEntry> ingest(Writer writer, List<NewLogEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<LogEntry> stored = new ArrayList<>(entries.size());
        for (NewLogEntry e : entries) {
            stored.add(new LogEntry(UUID.randomUUID(), e.streamId(), writer.orgId(),
                    e.timestamp().truncatedTo(ChronoUnit.MICROS), e.level().wire(),
                    Rows.clean(e.service()), Rows.clean(e.message()), e.traceId(), e.spanId(),
                    e.attributes() == null ? java.util.Map.of() : e.attributes(),
                    e.resource() == null ? java.util.Map.of() : e.resource()));
        }
        transactions.executeWithoutResult(status -> {
            for (int from = 0; from < stored.size(); from += CHUNK) {
                List<LogEntry> chunk = stored.subList(from, Math.min(stored.size(), from + CHUNK));
                jdbc.update(INSERT, ps -> bind(ps, writer.orgId(), chunk));
            }
        });
        events.publishEvent(new LogsIngested(List.copyOf(stored)));
        return stored;
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
