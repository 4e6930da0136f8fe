package dev.symbia.integrations.deploy;

import dev.symbia.auth.Caller;
import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.integrations.support.Callers;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * Secure deploys (issue 22): {@code POST /api/deployments} (gateway {@code /api/integrations/deployments}) needs
 * {@code cap:integrations.deploy}, as does {@code DELETE} (cancel); reads need {@code cap:integrations.read} and
 * see only the caller's org ({@code 404} for another org's id). {@code GET …/{id}/events} is a live SSE stream:
 * the deployment as it is now ({@code event: deployment}), then every change, until it ends.
 */
@RestController
class DeploymentsController {

    private static final Duration STREAM_LIMIT = Duration.ofHours(1);
    // The connectors' capabilities: deploying changes the world outside the platform.
    private static final String READ = "cap:integrations.read";
    private static final String DEPLOY = "cap:integrations.deploy";

    private final DeploymentService deployments;
    private final DeploymentEvents events;

    DeploymentsController(DeploymentService deployments, DeploymentEvents events) {
        this.deployments = deployments;
        this.events = events;
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
    SseEmitter stream(SymbiaPrincipal principal, @PathVariable String id) throws IOException {
        Caller caller = Callers.of(principal);
        UUID deploymentId = uuid(id);
        deployments.get(caller, deploymentId); // 404 for another org's or an unknown id, before the stream starts
        SseEmitter emitter = new SseEmitter(STREAM_LIMIT.toMillis());
        Object lock = new Object();
        boolean[] ended = new boolean[1]; // guarded by lock: nothing is sent after the stream was completed
        Runnable[] unsubscribe = new Runnable[1];
        java.util.function.Consumer<DeploymentView> send = view -> {
            synchronized (lock) {
                if (ended[0]) {
                    return;
                }
                try {
                    emitter.send(SseEmitter.event().name("deployment").data(view, MediaType.APPLICATION_JSON));
                    if (view.terminal()) {
                        ended[0] = true;
                        emitter.complete();
                    }
                } catch (IOException | IllegalStateException e) {
                    ended[0] = true;
                    unsubscribe[0].run();
                }
            }
        };
        unsubscribe[0] = events.subscribe(deploymentId, send);
        emitter.onCompletion(unsubscribe[0]);
        emitter.onTimeout(unsubscribe[0]);
        emitter.onError(e -> unsubscribe[0].run());
        // Subscribed first, then the current state: a change in between is sent twice, never lost.
        send.accept(deployments.get(caller, deploymentId));
        return emitter;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Deployment " + id.replaceAll("[^A-Za-z0-9-]", "?"));
        }
    }
}
