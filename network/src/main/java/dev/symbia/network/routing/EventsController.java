package dev.symbia.network.routing;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.network.security.Capabilities;
import dev.symbia.network.security.Principals;
import dev.symbia.network.trace.EventStore;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceStatus;
import dev.symbia.network.trace.TraceStore;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.RejectionReason;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/events}: publish over REST, recent events, traces, stats. */
@RestController
@RequestMapping("/api/events")
class EventsController {

    static final int MAX_LIMIT = 1000;

    private final EventIngress ingress;
    private final EventStore events;
    private final TraceStore traces;
    private final RejectionLog rejections;
    private final EnvelopeCodec codec;
    private final EnvelopeSigner signer;
    private final Clock clock;

    EventsController(EventIngress ingress, EventStore events, TraceStore traces, RejectionLog rejections,
            EnvelopeCodec codec, EnvelopeSigner signer, Clock clock) {
        this.ingress = ingress;
        this.events = events;
        this.traces = traces;
        this.rejections = rejections;
        this.codec = codec;
        this.signer = signer;
        this.clock = clock;
    }

    record Published(String eventId, TraceStatus status, Trace trace) {
    }

    record TraceList(List<Trace> traces, int count) {
    }

    @Operation(summary = "Publish an event: a signed envelope, or {payload:{type,data},source,runId,target?,causedBy?,boundary?} "
            + "which the network signs; the caller must own the source node")
    @PostMapping
    @RequiresCapability(Capabilities.EVENTS_WRITE)
    ResponseEntity<Published> publish(SymbiaPrincipal principal, @RequestBody JsonNode body) {
        Envelope envelope;
        try {
            envelope = body != null && body.has("signature") ? codec.fromTree(body) : fromReferenceShape(body);
        } catch (EnvelopeRejectedException e) {
            throw problem(rejections.record(e.reason(), "rest", new RejectionLog.Facts(null, null, null, Principals.key(principal)),
                    e.getMessage()));
        }
        try {
            Trace trace = ingress.accept(envelope, EventIngress.Sender.rest(Principals.key(principal)));
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Published(envelope.id(), trace.status(), trace));
        } catch (EventRejection e) {
            throw problem(e);
        }
    }

    /** The reference's unsigned publish shape: the network stamps, ids and signs it for the authenticated caller. */
    private Envelope fromReferenceShape(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("payload").isObject()) {
            throw malformed("expected a signed envelope or {payload:{type,data},source,runId,...}");
        }
        JsonNode payload = body.get("payload");
        if (!payload.has("data")) {
            throw malformed("payload.data is required (it may be null)");
        }
        String boundary = text(body, "boundary");
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), text(payload, "type"), text(body, "source"),
                text(body, "target"), text(body, "runId"), text(body, "causedBy"),
                boundary == null ? Boundary.INTRA : Boundary.parse(boundary).orElseThrow(() -> malformed("boundary must be intra, inter or extra")),
                EnvelopeCodec.timestamp(clock.instant()), payload.get("data"), null);
        EnvelopeCodec.validate(envelope);
        try {
            return signer.sign(envelope);
        } catch (IllegalArgumentException e) {
            throw malformed("data must be I-JSON (finite numbers, integers within ±2^53)");
        }
    }

    @Operation(summary = "Recent events (newest first) with their traces")
    @GetMapping
    @RequiresCapability(Capabilities.EVENTS_READ)
    Map<String, Object> list(@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String runId,
            @RequestParam(defaultValue = "true") boolean traces) {
        checkLimit(limit);
        List<EventStore.StoredEvent> recent = events.recent(runId, limit);
        List<Object> items = recent.stream().<Object>map(stored -> {
            if (!traces) {
                return stored.envelope();
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("event", stored.envelope());
            item.put("trace", this.traces.find(stored.id()).<Object>map(t -> t).orElseGet(() -> pending(stored)));
            return item;
        }).toList();
        return Map.of("events", items, "count", items.size());
    }

    @Operation(summary = "The trace of one event")
    @GetMapping("/{id}/trace")
    @RequiresCapability(Capabilities.TRACES_READ)
    Trace trace(@PathVariable String id) {
        return traces.find(id).orElseThrow(() -> ProblemException.notFound("Trace of event '" + id + "'"));
    }

    @Operation(summary = "The traces of a run")
    @GetMapping("/traces/{runId}")
    @RequiresCapability(Capabilities.TRACES_READ)
    TraceList runTraces(@PathVariable String runId,
            @RequestParam(defaultValue = "500") int limit) {
        checkLimit(limit);
        List<Trace> list = traces.ofRun(runId, limit);
        return new TraceList(list, list.size());
    }

    @Operation(summary = "Counts over the retained history")
    @GetMapping("/stats")
    @RequiresCapability(Capabilities.EVENTS_READ)
    Map<String, Object> stats() {
        Map<TraceStatus, Long> byStatus = traces.countByStatus();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("totalEvents", events.count());
        stats.put("totalTraces", byStatus.values().stream().mapToLong(Long::longValue).sum());
        stats.put("deliveredCount", byStatus.get(TraceStatus.DELIVERED));
        stats.put("droppedCount", byStatus.get(TraceStatus.DROPPED));
        stats.put("errorCount", byStatus.get(TraceStatus.ERROR));
        stats.put("unroutedCount", byStatus.get(TraceStatus.UNROUTED));
        stats.put("rejectedCount", rejections.count());
        return stats;
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ".");
        }
    }

    private static Map<String, Object> pending(EventStore.StoredEvent stored) {
        // Accepted but its routing has not finished (or the process stopped mid-way): say so rather than invent one.
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("eventId", stored.id());
        trace.put("runId", stored.runId());
        trace.put("status", "pending");
        trace.put("path", List.of());
        trace.put("totalDurationMs", 0);
        return trace;
    }

    static ProblemException problem(EventRejection rejection) {
        HttpStatus status = switch (rejection.reason()) {
            case IMPERSONATION, FORBIDDEN -> HttpStatus.FORBIDDEN;
            case DUPLICATE -> HttpStatus.CONFLICT;
            default -> HttpStatus.BAD_REQUEST;
        };
        String code = status == HttpStatus.BAD_REQUEST ? ProblemTypes.VALIDATION : ProblemTypes.forStatus(status.value());
        return new ProblemException(status, code, "Event rejected", rejection.getMessage(),
                Map.of("reason", rejection.reason().code()));
    }

    private static EnvelopeRejectedException malformed(String message) {
        return new EnvelopeRejectedException(RejectionReason.MALFORMED, "Malformed event: " + message + ".");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw malformed("'" + field + "' must be a string");
        }
        return value.stringValue();
    }
}
