package dev.symbia.logging.traces;

import dev.symbia.logging.access.Reader;
import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.Ids;
import dev.symbia.logging.ingest.IngestProperties;
import dev.symbia.logging.ingest.Timestamps;
import dev.symbia.logging.ingest.TooManyRecords;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Span ingest (JSON), trace lists and trace trees across services (reference §3.2 shapes, fixed). */
@RestController
@RequestMapping("/api/traces")
class TraceController {

    private final TraceStore traces;
    private final IngestProperties ingest;
    private final RequestBodies bodies;

    TraceController(TraceStore traces, IngestProperties ingest, RequestBodies bodies) {
        this.bodies = bodies;
        this.traces = traces;
        this.ingest = ingest;
    }

    @PostMapping(path = "/ingest", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    IngestResult ingest(Writer principal, @RequestBody byte[] body) {
        IngestRequest request = bodies.read(body, IngestRequest.class);
        TooManyRecords.check(request.spans().size(), ingest);
        String defaultService = principal.serviceName() != null ? principal.serviceName() : "unknown";
        List<NewSpan> spans = request.spans().stream().map(s -> toSpan(s, defaultService)).toList();
        int stored = traces.write(principal.orgId(), spans);
        return new IngestResult(true, spans.size(), stored);
    }

    @GetMapping
    TraceStore.Page list(Reader reader, @Valid @ModelAttribute TraceQuery query) {
        return traces.list(reader.scope(query.orgId()), query);
    }

    @PostMapping("/query")
    TraceStore.Page query(Reader reader, @RequestBody JsonNode body) {
        TraceQuery query = bodies.read(body, TraceQuery.class);
        return traces.list(reader.scope(query.orgId()), query);
    }

    /** The trace as a span tree: every span of it the reader may see, whichever service sent it. */
    @GetMapping("/{traceId}")
    TraceView get(Reader reader, @PathVariable String traceId) {
        List<SpanView> spans = spans(reader, traceId);
        List<SpanView> roots = SpanTree.of(spans);
        Instant start = spans.stream().map(SpanView::startTime).min(Instant::compareTo).orElseThrow();
        Instant end = spans.stream().map(s -> s.endTime() == null ? s.startTime() : s.endTime()).max(Instant::compareTo).orElseThrow();
        SpanView root = roots.stream().filter(r -> r.parentSpanId() == null).findFirst().orElse(roots.get(0));
        long errors = spans.stream().filter(s -> "error".equals(s.status())).count();
        Set<String> services = new TreeSet<>();
        spans.forEach(s -> services.add(s.serviceName()));
        return new TraceView(spans.get(0).traceId(), root.spanId(), root.name(), root.serviceName(),
                errors > 0 ? "error" : root.status(), start, end,
                java.time.Duration.between(start, end).toNanos() / 1_000_000.0, spans.size(), (int) errors,
                List.copyOf(services), roots);
    }

    @GetMapping("/{traceId}/spans")
    List<SpanView> spansOf(Reader reader, @PathVariable String traceId) {
        return spans(reader, traceId);
    }

    private List<SpanView> spans(Reader reader, String traceId) {
        if (!Ids.acceptable(traceId)) {
            throw ProblemException.badRequest("Not a trace id.");
        }
        List<SpanView> spans = traces.spans(reader.scope(null), traceId);
        if (spans.isEmpty()) {
            throw ProblemException.notFound("Trace");
        }
        return spans;
    }

    private static NewSpan toSpan(SpanInput s, String defaultService) {
        String kind = s.kind() == null ? "internal" : s.kind().trim().toLowerCase(Locale.ROOT);
        if (!NewSpan.KINDS.contains(kind)) {
            throw ProblemException.badRequest("kind must be one of " + NewSpan.KINDS + ".");
        }
        String status = s.status() == null ? "unset" : s.status().trim().toLowerCase(Locale.ROOT);
        if (!NewSpan.STATUSES.contains(status)) {
            throw ProblemException.badRequest("status must be one of " + NewSpan.STATUSES + ".");
        }
        if (!Timestamps.acceptable(s.startTime()) || (s.endTime() != null && !Timestamps.acceptable(s.endTime()))) {
            throw ProblemException.badRequest("Span times must be between 1970 and 9999.");
        }
        if (s.endTime() != null && s.endTime().isBefore(s.startTime())) {
            throw ProblemException.badRequest("A span cannot end before it starts.");
        }
        List<Map<String, Object>> events = s.events() == null ? List.of() : s.events().stream().map(e -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("name", e.name());
            event.put("timestamp", e.timestamp() == null ? null : e.timestamp().toString());
            event.put("attributes", e.attributes() == null ? Map.of() : e.attributes());
            return event;
        }).toList();
        return new NewSpan(Ids.normalize(s.traceId()), Ids.normalize(s.spanId()), Ids.normalize(s.parentSpanId()),
                s.name(), s.serviceName() == null || s.serviceName().isBlank() ? defaultService : s.serviceName().trim(),
                kind, status, s.statusMessage(), s.startTime(), s.endTime(), s.attributes(), events, Map.of());
    }

    /** {@code POST /api/traces/ingest}. */
    record IngestRequest(@NotNull @Size(min = 1) List<@NotNull @Valid SpanInput> spans) {
    }

    record SpanInput(
            @NotBlank @Pattern(regexp = Ids.PATTERN) String traceId,
            @NotBlank @Pattern(regexp = Ids.PATTERN) String spanId,
            @Pattern(regexp = Ids.PATTERN) String parentSpanId,
            @NotBlank @Size(max = 500) String name,
            @Size(max = 200) String serviceName,
            String kind,
            String status,
            @Size(max = 2000) String statusMessage,
            @NotNull Instant startTime,
            Instant endTime,
            @Size(max = 200) Map<String, Object> attributes,
            @Size(max = 1000) List<@NotNull @Valid EventInput> events) {
    }

    record EventInput(@NotBlank @Size(max = 500) String name, Instant timestamp, Map<String, Object> attributes) {
    }

    record IngestResult(boolean success, int count, int stored) {
    }

    record TraceView(String traceId, String rootSpanId, String name, String serviceName, String status,
            Instant startTime, Instant endTime, double durationMs, int spanCount, int errorCount, List<String> services,
            List<SpanView> spans) {
    }
}
