package dev.symbia.logging.otlp;

import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.Timestamps;
import dev.symbia.logging.traces.NewSpan;
import dev.symbia.logging.traces.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** OTLP spans into spans and trace summaries. */
@Component
class OtlpTraces {

    private final TraceStore spans;

    OtlpTraces(TraceStore spans) {
        this.spans = spans;
    }

    static int count(ExportTraceServiceRequest request) {
        int n = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }

    ExportTraceServiceResponse export(Writer writer, ExportTraceServiceRequest request) {
        Rejected rejected = new Rejected();
        List<NewSpan> batch = new ArrayList<>();
        String fallbackService = writer.serviceName() != null ? writer.serviceName() : "unknown_service";
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = AnyValues.serviceName(rs.getResource(), fallbackService);
            Map<String, Object> resource = AnyValues.attributes(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    NewSpan converted = span(span, service, ss.getScope().getName(), resource, rejected);
                    if (converted != null) {
                        batch.add(converted);
                    }
                }
            }
        }
        spans.write(writer.orgId(), batch);
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (rejected.count() > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejected.count()).setErrorMessage(rejected.message()));
        }
        return response.build();
    }

    private static NewSpan span(Span span, String service, String scope, Map<String, Object> resource, Rejected rejected) {
        String traceId = AnyValues.hexId(span.getTraceId(), 16);
        String spanId = AnyValues.hexId(span.getSpanId(), 8);
        String parent = AnyValues.hexId(span.getParentSpanId(), 8);
        if (traceId == null || traceId.isEmpty() || spanId == null || spanId.isEmpty() || parent == null) {
            rejected.reject("trace_id must be 16 bytes, span_id and parent_span_id 8 bytes, not all zero");
            return null;
        }
        if (span.getStartTimeUnixNano() == 0) {
            rejected.reject("start_time_unix_nano is required");
            return null;
        }
        Instant start = Timestamps.fromUnixNanos(span.getStartTimeUnixNano());
        Instant end = span.getEndTimeUnixNano() == 0 ? null : Timestamps.fromUnixNanos(span.getEndTimeUnixNano());
        if (!Timestamps.acceptable(start) || (end != null && !Timestamps.acceptable(end))) {
            rejected.reject("span times out of range");
            return null;
        }
        if (end != null && end.isBefore(start)) {
            rejected.reject("a span cannot end before it starts");
            return null;
        }
        String kind = switch (span.getKind()) {
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            default -> "internal";
        };
        String status = switch (span.getStatus().getCode()) {
            case STATUS_CODE_OK -> "ok";
            case STATUS_CODE_ERROR -> "error";
            default -> "unset";
        };
        Map<String, Object> attributes = AnyValues.attributes(span.getAttributesList());
        if (!scope.isBlank()) {
            attributes.putIfAbsent("otel.scope.name", scope);
        }
        if (span.getLinksCount() > 0) {
            List<Map<String, Object>> links = new ArrayList<>();
            span.getLinksList().forEach(link -> links.add(Map.of(
                    "traceId", String.valueOf(AnyValues.hexId(link.getTraceId(), 16)),
                    "spanId", String.valueOf(AnyValues.hexId(link.getSpanId(), 8)),
                    "attributes", AnyValues.attributes(link.getAttributesList()))));
            attributes.putIfAbsent("otel.links", links);
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (Span.Event event : span.getEventsList()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", event.getName());
            e.put("timestamp", event.getTimeUnixNano() == 0 ? null : Timestamps.fromUnixNanos(event.getTimeUnixNano()).toString());
            e.put("attributes", AnyValues.attributes(event.getAttributesList()));
            events.add(e);
        }
        String name = span.getName().isBlank() ? "(unnamed)" : span.getName();
        return new NewSpan(traceId, spanId, parent.isEmpty() ? null : parent, name, service, kind, status,
                span.getStatus().getMessage().isBlank() ? null : span.getStatus().getMessage(), start, end, attributes,
                events, resource);
    }
}
