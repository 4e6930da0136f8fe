package dev.symbia.integrations.deploy;

import dev.symbia.auth.Caller;
import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.integrations.support.Callers;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.sse.SseStream;
import dev.symbia.web.sse.SseWriter;
import dev.symbia.web.sse.StreamPipe;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Secure deploys (issue 22): {@code POST /api/deployments} (gateway {@code /api/integrations/deployments}) needs
 * {@code cap:integrations.deploy}, as does {@code DELETE} (cancel); reads need {@code cap:integrations.read} and
 * see only the caller's org ({@code 404} for another org's id). {@code GET …/{id}/events} is a live SSE stream:
 * the deployment as it is now ({@code event: deployment}), then every change, until it ends.
 */
@RestController
class DeploymentsController {

    private static final Duration STREAM_LIMIT = Duration.ofHours(1);
    private static final int VIEWS_BEHIND = 64;
    // No heartbeat (the stream never had one): its interval is past the stream's limit.
    private static final SseWriter WRITER = new SseWriter(STREAM_LIMIT.multipliedBy(2), STREAM_LIMIT, false, VIEWS_BEHIND);
    // The connectors' capabilities: deploying changes the world outside the platform.
    private static final String READ = "cap:integrations.read";
    private static final String DEPLOY = "cap:integrations.deploy";

    private final DeploymentService deployments;
    private final DeploymentEvents events;
    private final JsonMapper json;

    DeploymentsController(DeploymentService deployments, DeploymentEvents events, JsonMapper json) {
        this.deployments = deployments;
        this.events = events;
        this.json = json;
    }

    @Operation(summary = "Start a secure deploy: Xray scan, summary, severity gate, optional pipeline, Railway deploy, watch")
    @PostMapping(path = "/api/deployments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresCapability(DEPLOY)
    ResponseEntity<DeploymentView> start(SymbiaPrincipal principal, @RequestBody JsonNode body) {
        Caller caller = Callers.of(principal);
        DeploymentView started = deployments.start(caller, body);
        return ResponseEntity.accepted().location(URI.create("/api/deployments/" + started.id())).body(started);
    }

    @Operation(summary = "The caller's org's deployments, newest first")
    @GetMapping("/api/deployments")
    @RequiresCapability(READ)
    Map<String, List<DeploymentView>> list(SymbiaPrincipal principal, @RequestParam(defaultValue = "50") int limit) {
        Caller caller = Callers.of(principal);
        if (limit < 1 || limit > 200) {
            throw RequestBodies.invalidField("limit", "must be between 1 and 200");
        }
        return Map.of("deployments", deployments.list(caller, limit));
    }

    @Operation(summary = "One deployment with its steps")
    @GetMapping("/api/deployments/{id}")
    @RequiresCapability(READ)
    DeploymentView get(SymbiaPrincipal principal, @PathVariable String id) {
        return deployments.get(Callers.of(principal), uuid(id));
    }

    @Operation(summary = "Cancel a running deployment (Railway is asked to cancel its deployment too)")
    @DeleteMapping("/api/deployments/{id}")
    @RequiresCapability(DEPLOY)
    DeploymentView cancel(SymbiaPrincipal principal, @PathVariable String id) {
        return deployments.cancel(Callers.of(principal), uuid(id));
    }

    @Operation(summary = "The deployment live: its state now, then every change until it ends (SSE)")
    @GetMapping(path = "/api/deployments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RequiresCapability(READ)
    void stream(SymbiaPrincipal principal, @PathVariable String id, HttpServletResponse response) throws IOException {
        Caller caller = Callers.of(principal);
        UUID deploymentId = uuid(id);
        deployments.get(caller, deploymentId); // 404 for another org's or an unknown id, before the stream starts
        // Empty: the stream's time is up. Changes arrive on delivery threads, which wait while the caller is behind.
        StreamPipe<Optional<DeploymentView>> views = new StreamPipe<>(VIEWS_BEHIND,
                view -> view.map(DeploymentView::terminal).orElse(true));
        views.onCancel(events.subscribe(deploymentId, view -> views.emit(Optional.of(view))));
        try {
            // Subscribed first, then the current state: a change in between is sent twice, never lost.
            views.emit(Optional.of(deployments.get(caller, deploymentId)));
            long deadline = System.nanoTime() + STREAM_LIMIT.toNanos();
            SseWriter.Source<Optional<DeploymentView>> source = wait -> {
                long left = deadline - System.nanoTime();
                return left <= 0 ? Optional.empty() : views.poll(wait.toNanos() < left ? wait : Duration.ofNanos(left));
            };
            WRITER.write(SseStream.open(response, Map.of()), source, (view, out) -> {
                if (view.isEmpty()) {
                    return true;
                }
                out.event(null, "deployment", json.writeValueAsString(view.get()));
                return view.get().terminal();
            }, null);
        } finally {
            views.cancel(); // unsubscribes
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Deployment " + id.replaceAll("[^A-Za-z0-9-]", "?"));
        }
    }
}
