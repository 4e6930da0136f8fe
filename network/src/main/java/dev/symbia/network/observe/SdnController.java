package dev.symbia.network.observe;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.network.security.Capabilities;
import dev.symbia.relay.EventTypePattern;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/sdn/*}: what observers see — topology, summary, traces, flows, graph, simulation, live watch.
 * Checks capabilities and parameters; the answers are built by {@link TopologyService}, {@link FlowService},
 * {@link Simulator} and {@link WatchHub}.
 */
@RestController
@RequestMapping("/api/sdn")
class SdnController {

    private static final int MAX_LIMIT = 1000;

    private final TopologyService topology;
    private final FlowService flows;
    private final Simulator simulator;
    private final WatchHub watch;

    SdnController(TopologyService topology, FlowService flows, Simulator simulator, WatchHub watch) {
        this.topology = topology;
        this.flows = flows;
        this.simulator = simulator;
        this.watch = watch;
    }

    @Operation(summary = "Nodes and active contracts")
    @GetMapping("/topology")
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    Map<String, Object> topology() {
        return topology.topology();
    }

    @Operation(summary = "Counts: nodes by type and state, contracts, policies, routing outcomes over the retained history")
    @GetMapping("/summary")
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    Map<String, Object> summary() {
        return topology.summary();
    }

    @Operation(summary = "The trace of one event, hops enriched with node names and types")
    @GetMapping("/trace/{eventId}")
    @RequiresCapability(Capabilities.TRACES_READ)
    JsonNode trace(@PathVariable String eventId) {
        return flows.trace(eventId);
    }

    @Operation(summary = "The traces of a run")
    @GetMapping("/traces/{runId}")
    @RequiresCapability(Capabilities.TRACES_READ)
    Map<String, Object> traces(@PathVariable String runId,
            @RequestParam(defaultValue = "500") int limit) {
        checkLimit(limit);
        return flows.traces(runId, limit);
    }

    @Operation(summary = "A run as a graph: who sent what to whom, in order")
    @GetMapping("/flow/{runId}")
    @RequiresCapability(Capabilities.TRACES_READ)
    Map<String, Object> flow(@PathVariable String runId,
            @RequestParam(defaultValue = "500") int limit) {
        checkLimit(limit);
        return flows.flow(runId, limit);
    }

    @Operation(summary = "Policies in evaluation order")
    @GetMapping("/policies")
    @RequiresCapability(Capabilities.POLICIES_READ)
    Map<String, Object> policies() {
        return topology.policies();
    }

    @Operation(summary = "Nodes and who may reach whom under the active contracts ('*' expanded)")
    @GetMapping("/graph")
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    Map<String, Object> graph() {
        return topology.graph();
    }

    @Operation(summary = "Dry run: where would this event go, and why — the router's own planning code")
    @PostMapping("/simulate")
    @RequiresCapability(Capabilities.EVENTS_READ)
    Map<String, Object> simulate(@RequestBody JsonNode body) {
        return simulator.simulate(body);
    }

    @Operation(summary = "Live stream (SSE) of routed events, filtered by runId, source and/or type pattern")
    @GetMapping(path = "/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RequiresCapability(Capabilities.EVENTS_READ)
    void watch(@RequestParam(required = false) String runId,
            @RequestParam(required = false) String source, @RequestParam(required = false) String type,
            HttpServletResponse response) throws IOException {
        EventTypePattern pattern = null;
        if (type != null) {
            try {
                pattern = EventTypePattern.parse(type);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("type must be *, an exact event type, or prefix.*.");
            }
        }
        watch.watch(new WatchHub.Filter(blankToNull(runId), blankToNull(source), pattern), response);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ".");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
