package dev.symbia.logging.traces;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored span; in a trace tree it carries its children, in flat lists {@code children} is null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SpanView(String traceId, String spanId, String parentSpanId, UUID orgId, String name, String serviceName,
        String kind, String status, String statusMessage, Instant startTime, Instant endTime, Double durationMs,
        Map<String, Object> attributes, Object events, Map<String, Object> resource, List<SpanView> children) {

    SpanView withChildren(List<SpanView> kids) {
        return new SpanView(traceId, spanId, parentSpanId, orgId, name, serviceName, kind, status, statusMessage,
                startTime, endTime, durationMs, attributes, events, resource, kids);
    }
}
