package dev.symbia.logging.otlp;

import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.Timestamps;
import dev.symbia.logging.logs.Level;
import dev.symbia.logging.logs.LogIngestor;
import dev.symbia.logging.logs.LogStreamStore;
import dev.symbia.logging.logs.NewLogEntry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * OTLP logs into log entries. Each service's logs go to its stream {@code service.<service.name>}
 * in the writer's org, created on first use (one stream per service, not one per boot).
 */
@Component
class OtlpLogs {

    private final LogStreamStore streams;
    private final LogIngestor ingestor;

    OtlpLogs(LogStreamStore streams, LogIngestor ingestor) {
        this.streams = streams;
        this.ingestor = ingestor;
    }

    static int count(ExportLogsServiceRequest request) {
        int n = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                n += sl.getLogRecordsCount();
            }
        }
        return n;
    }

    ExportLogsServiceResponse export(Writer writer, ExportLogsServiceRequest request) {
        Rejected rejected = new Rejected();
        Map<String, UUID> streamByService = new HashMap<>();
        List<NewLogEntry> entries = new ArrayList<>();
        Instant now = Instant.now();
        String fallbackService = writer.serviceName() != null ? writer.serviceName() : "unknown_service";
        for (ResourceLogs rl : request.getResourceLogsList()) {
            String service = AnyValues.serviceName(rl.getResource(), fallbackService);
            Map<String, Object> resource = AnyValues.attributes(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                String scope = sl.getScope().getName();
                for (LogRecord record : sl.getLogRecordsList()) {
                    NewLogEntry entry = entry(record, service, scope, resource, now, rejected, streamByService, writer);
                    if (entry != null) {
                        entries.add(entry);
                    }
                }
            }
        }
        ingestor.ingest(writer, entries);
        ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
        if (rejected.count() > 0) {
            response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected.count()).setErrorMessage(rejected.message()));
        }
        return response.build();
    }

    private NewLogEntry entry(LogRecord record, String service, String scope, Map<String, Object> resource, Instant now,
            Rejected rejected, Map<String, UUID> streamByService, Writer writer) {
        String traceId = AnyValues.hexId(record.getTraceId(), 16);
        String spanId = AnyValues.hexId(record.getSpanId(), 8);
        if (traceId == null || spanId == null) {
            rejected.reject("trace_id must be 16 bytes and span_id 8 bytes");
            return null;
        }
        long nanos = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
        Instant ts = nanos == 0 ? now : Timestamps.fromUnixNanos(nanos);
        if (!Timestamps.acceptable(ts)) {
            rejected.reject("timestamp out of range");
            return null;
        }
        Level level = Level.fromSeverityNumber(record.getSeverityNumberValue())
                .or(() -> Level.parse(record.getSeverityText()))
                .orElse(Level.INFO);
        Map<String, Object> attributes = AnyValues.attributes(record.getAttributesList());
        if (!scope.isBlank()) {
            attributes.putIfAbsent("otel.scope.name", scope);
        }
        if (!record.getEventName().isBlank()) {
            attributes.putIfAbsent("event.name", record.getEventName());
        }
        UUID stream = streamByService.computeIfAbsent(service,
                s -> streams.getOrCreate(writer.orgId(), "service." + s, s, writer.principalId()));
        return new NewLogEntry(stream, ts, level, service, AnyValues.text(record.getBody()),
                traceId.isEmpty() ? null : traceId, spanId.isEmpty() ? null : spanId, attributes, resource);
    }
}
