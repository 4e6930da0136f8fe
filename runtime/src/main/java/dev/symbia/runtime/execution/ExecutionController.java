package dev.symbia.runtime.execution;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.sse.SseStream;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
class ExecutionController {

    record InjectRequest(@NotBlank String nodeId, @NotBlank String port, JsonNode value) {
    }

    private final ExecutionService executions;
    private final RequestBodies bodies;
    private final OwnerForwarder forwarder;
    private final EventFollower follower;
    private final JsonMapper json = JsonMapper.builder().build();
    private final JsonMapper wire; // the application's mapper: events are written as its message converters would

    ExecutionController(ExecutionService executions, RequestBodies bodies, OwnerForwarder forwarder, EventFollower follower,
            JsonMapper wire) {
        this.wire = wire;
        this.executions = executions;
        this.bodies = bodies;
        this.forwarder = forwarder;
        this.follower = follower;
    }

    /** Runs the action here, or forwards the request to the replica that runs the execution. */
    private ResponseEntity<?> here(HttpServletRequest request, JsonNode body, Supplier<ResponseEntity<?>> action) {
        try {
            return action.get();
        } catch (ExecutionService.OwnedElsewhere elsewhere) {
            return forwarder.forward(request, body == null ? null : json.writeValueAsBytes(body), elsewhere.url);
        }
    }

    @Operation(summary = "Start an execution of a loaded graph; 201 {executionId, graphId, state, startedAt}")
    @PostMapping("/api/graphs/{id}/execute")
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<Map<String, Object>> start(SymbiaPrincipal principal, @PathVariable String id) {
        Execution execution = executions.start(id, principal);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("executionId", execution.id, "graphId", execution.graph.id(),
                "state", execution.state.wire(), "startedAt", execution.startedAt.toString()));
    }

    @Operation(summary = "Inject one value and run the flow synchronously: {outputs, trace, hops}; 202 queued while paused, 429 when the queue is full")
    @PostMapping("/api/executions/{id}/inject")
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<?> inject(SymbiaPrincipal principal, @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest http) {
        InjectRequest request = bodies.read(body, InjectRequest.class);
        return here(http, body, () -> inject(principal, id, request));
    }

    private ResponseEntity<?> inject(SymbiaPrincipal principal, String id, InjectRequest request) {
        JsonNode value = request.value() == null ? json.nullNode() : request.value();
        ExecutionService.Outcome outcome = executions.inject(id, principal, request.nodeId(), request.port(), value);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("executionId", id);
        answer.put("nodeId", request.nodeId());
        answer.put("port", request.port());
        if (outcome.result() == null) {
            answer.put("success", true);
            answer.put("queued", true);
            answer.put("position", outcome.queuedAt());
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
        }
        answer.put("success", true);
        answer.put("outputs", outcome.result().outputs());
        answer.put("trace", outcome.result().trace());
        answer.put("hops", outcome.result().hops());
        return ResponseEntity.ok(answer);
    }

    @Operation(summary = "Pause: later injects queue (bounded)")
    @PostMapping("/api/executions/{id}/pause")
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<?> pause(SymbiaPrincipal principal, @PathVariable String id, HttpServletRequest http) {
        return here(http, null, () -> ResponseEntity.ok(Map.of("executionId", id, "state", executions.pause(id, principal).state.wire())));
    }

    @Operation(summary = "Resume: the queued injects run first, in order")
    @PostMapping("/api/executions/{id}/resume")
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<?> resume(SymbiaPrincipal principal, @PathVariable String id, HttpServletRequest http) {
        return here(http, null, () -> ResponseEntity.ok(Map.of("executionId", id, "state", executions.resume(id, principal).state.wire())));
    }

    @Operation(summary = "Stop (state cancelled); timers end, state is flushed")
    @PostMapping("/api/executions/{id}/stop")
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<?> stop(SymbiaPrincipal principal, @PathVariable String id, HttpServletRequest http) {
        return here(http, null, () -> ResponseEntity.ok(Map.of("executionId", id, "state", executions.stop(id, principal).state.wire())));
    }

    @Operation(summary = "Executions of the caller's orgs, newest first")
    @GetMapping("/api/executions")
    Map<String, Object> list(SymbiaPrincipal principal) {
        List<Map<String, Object>> rows = executions.list(principal).stream().map(this::view).toList();
        return Map.of("executions", rows, "total", rows.size());
    }

    @Operation(summary = "One execution with its node instances and metrics; another org's is 404")
    @GetMapping("/api/executions/{id}")
    Map<String, Object> one(SymbiaPrincipal principal, @PathVariable String id) {
        ExecutionStore.Row row = executions.find(id, principal).orElseThrow(() -> ProblemException.notFound("Execution " + id));
        Map<String, Object> view = view(row);
        executions.live(id).ifPresent(e -> view.put("instances", e.graph.nodes().stream().map(n -> Map.of(
                "nodeId", n.id(), "componentId", n.component(), "state", e.state.wire(), "metrics", e.metrics.node(n.id()))).toList()));
        view.put("transitions", executions.transitions(id));
        return view;
    }

    @Operation(summary = "An execution's metrics")
    @GetMapping("/api/executions/{id}/metrics")
    Map<String, Object> metrics(SymbiaPrincipal principal, @PathVariable String id) {
        Map<String, Object> view = one(principal, id);
        return Map.of("executionId", id, "state", view.get("state"), "metrics", view.get("metrics"));
    }

    @Operation(summary = "Live events (SSE): execution:state, execution:started|paused|resumed|completed|failed, port:emit, metrics:update")
    @GetMapping(value = "/api/executions/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(SymbiaPrincipal principal, @PathVariable String id, HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        SseSink sink = new SseSink(wire);
        Runnable leave = follower.follow(id, principal, OwnerForwarder.caller(http), sink); // 404/409 before the stream
        sink.onLeave(leave);
        sink.pump(SseStream.open(response, Map.of()));
    }

    @Operation(summary = "Loaded graphs, live executions, messages processed")
    @GetMapping("/api/stats")
    Map<String, Object> stats(SymbiaPrincipal principal) {
        return Map.of("activeExecutions", executions.liveVisible(principal).size(), "totalMessagesProcessed", executions.totalMessages());
    }

    private Map<String, Object> view(ExecutionStore.Row row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id());
        view.put("graphId", row.graphId());
        view.put("graphName", row.graphName());
        view.put("state", row.state());
        var live = executions.live(row.id());
        if (live.isPresent()) {
            view.put("state", live.get().state.wire());
            view.put("metrics", live.get().metrics.snapshot(live.get().queue.size()));
        } else {
            JsonNode metrics = json.readTree(row.metrics());
            view.put("metrics", metrics.has("totals") ? metrics.get("totals") : metrics);
        }
        view.put("error", row.error() == null ? null : json.readTree(row.error()));
        view.put("startedAt", row.startedAt());
        view.put("completedAt", row.completedAt());
        view.put("createdAt", row.createdAt());
        return view;
    }
}
