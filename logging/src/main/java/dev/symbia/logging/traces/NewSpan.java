package dev.symbia.logging.traces;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A span to store; ids already normalised (lower case), kind and status in their wire spelling. */
public record NewSpan(String traceId, String spanId, String parentSpanId, String name, String service, String kind,
        String status, String statusMessage, Instant startTime, Instant endTime, Map<String, Object> attributes,
        List<Map<String, Object>> events, Map<String, Object> resource) {

    public static final List<String> KINDS = List.of("internal", "server", "client", "producer", "consumer");
    public static final List<String> STATUSES = List.of("unset", "ok", "error");
}
