package dev.symbia.logging.logs;

import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.Rows;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores log entries in the writer's org, all or nothing, then hands them to in-process listeners
 * (the live tail) once committed.
 */
@Service
public class LogIngestor {

    private final LogEntryStore store;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    LogIngestor(LogEntryStore store, TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.store = store;
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
        transactions.executeWithoutResult(status -> store.insert(writer.orgId(), stored));
        events.publishEvent(new LogsIngested(List.copyOf(stored)));
        return stored;
    }
}
