package dev.symbia.bench.logging;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log rows every phase of {@link LoggingIngestBench} writes: row {@code i} of the run is the
 * same whichever way it is sent (JSON ingest, OTLP/JSON, OTLP protobuf, plain JDBC). Deterministic
 * from {@code i}, spread evenly over a time span ending at the start of the run, with known
 * frequencies so queries have known selectivity: 10 services (10% each); levels debug 15%, info
 * 70%, warn 10%, error 4.5%, fatal 0.5%; messages from templates, "timeout" in 3% of them and
 * "deadlock" in 0.1%; 8 rows per trace id (consecutive rows), a span id per row.
 */
final class LogRows {

    static final List<String> SERVICES = List.of("checkout", "payments", "catalog", "search", "identity", "gateway",
            "messaging", "assistants", "runtime", "models");
    static final int ROWS_PER_TRACE = 8;
    static final String COMMON_WORD = "timeout";
    static final String RARE_WORD = "deadlock";

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Instant start;
    private final long stepMicros;

    /** {@code rows} rows spread over {@code span} ending at {@code end}. */
    LogRows(Instant end, java.time.Duration span, long rows) {
        this.start = end.minus(span);
        this.stepMicros = Math.max(1, span.toNanos() / 1000 / Math.max(1, rows));
    }

    /** One row as the bench knows it. */
    record Row(Instant ts, String level, int severity, String service, String message, String traceId, String spanId,
            String requestId, int durationMs) {

        Map<String, Object> metadata() {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("requestId", requestId);
            metadata.put("durationMs", durationMs);
            metadata.put("region", "eu-west-1");
            return metadata;
        }
    }

    Instant start() {
        return start;
    }

    Instant time(long i) {
        return start.plusNanos(i * stepMicros * 1000);
    }

    Row row(long i) {
        long h = mix(i);
        String service = SERVICES.get((int) Long.remainderUnsigned(h, SERVICES.size()));
        int l = (int) Long.remainderUnsigned(h >>> 8, 1000);
        String level;
        int severity;
        if (l < 150) {
            level = "debug";
            severity = 5;
        } else if (l < 850) {
            level = "info";
            severity = 9;
        } else if (l < 950) {
            level = "warn";
            severity = 13;
        } else if (l < 995) {
            level = "error";
            severity = 17;
        } else {
            level = "fatal";
            severity = 21;
        }
        int m = (int) Long.remainderUnsigned(h >>> 20, 1000);
        long n = Long.remainderUnsigned(h >>> 30, 1_000_000);
        int ms = (int) Long.remainderUnsigned(h >>> 40, 5000);
        String message;
        if (m < 1) {
            message = RARE_WORD + " detected while updating order " + n + ", transaction rolled back";
        } else if (m < 31) {
            message = "connection " + COMMON_WORD + " after " + ms + " ms to db-" + (n % 4);
        } else if (m < 330) {
            message = "GET /api/orders/" + n + " completed in " + ms + " ms";
        } else if (m < 530) {
            message = "user " + Long.toHexString(n) + " signed in from 10." + (n % 256) + "." + (ms % 256) + ".7";
        } else if (m < 730) {
            message = "cache miss for key session:" + n;
        } else if (m < 830) {
            message = "payment " + n + " declined: insufficient funds";
        } else if (m < 930) {
            message = "retrying request " + n + " (attempt " + (ms % 5 + 1) + ")";
        } else {
            message = "published event message.new for conversation " + n + " to 3 subscribers";
        }
        long trace = i / ROWS_PER_TRACE;
        return new Row(time(i), level, severity, service, message, traceId(trace), HEX.toHexDigits(mix(i ^ 0x5DEECE66DL)),
                "req-" + i, ms);
    }

    /** The trace id of rows {@code 8t … 8t+7}. */
    static String traceId(long trace) {
        return HEX.toHexDigits(mix(trace)) + HEX.toHexDigits(mix(~trace));
    }

    /** SplitMix64's finaliser: a cheap, well-spread hash of the row number. */
    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- request bodies ----

    /** {@code POST /api/logs/ingest} for rows [from, to). */
    byte[] ingestJson(UUID streamId, long from, long to) {
        List<Map<String, Object>> entries = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            Row r = row(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("timestamp", r.ts().toString());
            entry.put("level", r.level());
            entry.put("message", r.message());
            entry.put("service", r.service());
            entry.put("traceId", r.traceId());
            entry.put("spanId", r.spanId());
            entry.put("metadata", r.metadata());
            entries.add(entry);
        }
        return JSON.writeValueAsBytes(Map.of("streamId", streamId.toString(), "entries", entries));
    }

    /** {@code POST /v1/logs} as OTLP/JSON (hex ids, integer enums), one resource per service. */
    byte[] otlpJson(long from, long to) {
        Map<String, List<Map<String, Object>>> byService = new LinkedHashMap<>();
        for (long i = from; i < to; i++) {
            Row r = row(i);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("timeUnixNano", String.valueOf(nanos(r.ts())));
            record.put("severityNumber", r.severity());
            record.put("severityText", r.level().toUpperCase(java.util.Locale.ROOT));
            record.put("body", Map.of("stringValue", r.message()));
            record.put("attributes", List.of(
                    Map.of("key", "requestId", "value", Map.of("stringValue", r.requestId())),
                    Map.of("key", "durationMs", "value", Map.of("intValue", String.valueOf(r.durationMs()))),
                    Map.of("key", "region", "value", Map.of("stringValue", "eu-west-1"))));
            record.put("traceId", r.traceId());
            record.put("spanId", r.spanId());
            byService.computeIfAbsent(r.service(), s -> new ArrayList<>()).add(record);
        }
        List<Map<String, Object>> resourceLogs = new ArrayList<>();
        byService.forEach((service, records) -> resourceLogs.add(Map.of(
                "resource", Map.of("attributes", List.of(Map.of("key", "service.name", "value", Map.of("stringValue", service)))),
                "scopeLogs", List.of(Map.of("scope", Map.of("name", "bench"), "logRecords", records)))));
        return JSON.writeValueAsBytes(Map.of("resourceLogs", resourceLogs));
    }

    /** {@code POST /v1/logs} as OTLP protobuf, the same records. */
    byte[] otlpProtobuf(long from, long to) {
        Map<String, ScopeLogs.Builder> byService = new LinkedHashMap<>();
        for (long i = from; i < to; i++) {
            Row r = row(i);
            LogRecord record = LogRecord.newBuilder()
                    .setTimeUnixNano(nanos(r.ts()))
                    .setSeverityNumberValue(r.severity())
                    .setSeverityText(r.level().toUpperCase(java.util.Locale.ROOT))
                    .setBody(AnyValue.newBuilder().setStringValue(r.message()))
                    .addAttributes(attribute("requestId", AnyValue.newBuilder().setStringValue(r.requestId())))
                    .addAttributes(attribute("durationMs", AnyValue.newBuilder().setIntValue(r.durationMs())))
                    .addAttributes(attribute("region", AnyValue.newBuilder().setStringValue("eu-west-1")))
                    .setTraceId(ByteString.copyFrom(HEX.parseHex(r.traceId())))
                    .setSpanId(ByteString.copyFrom(HEX.parseHex(r.spanId())))
                    .build();
            byService.computeIfAbsent(r.service(), s -> ScopeLogs.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("bench"))).addLogRecords(record);
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        byService.forEach((service, scope) -> request.addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name",
                        AnyValue.newBuilder().setStringValue(service))))
                .addScopeLogs(scope)));
        return request.build().toByteArray();
    }

    private static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static long nanos(Instant ts) {
        return ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
