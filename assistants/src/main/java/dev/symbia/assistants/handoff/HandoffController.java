package dev.symbia.assistants.handoff;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The people's side of a handoff: the org's requests, taken by the caller, resolved with a note. Needs
 * {@code cap:messaging.route} (the capability that hands a conversation over in messaging); another org's
 * request is a 404.
 */
@RestController
class HandoffController {

    private static final Set<String> STATUSES = Set.of("pending", "assigned", "in_progress", "resolved", "cancelled", "expired");

    private final HandoffStore handoffs;
    private final RequestBodies bodies;

    HandoffController(HandoffStore handoffs, RequestBodies bodies) {
        this.handoffs = handoffs;
        this.bodies = bodies;
    }

    /** {@code POST /api/handoffs/{id}/resolve} body. */
    record ResolveRequest(@NotBlank @Size(max = 4000) String resolution) {
    }

    @Operation(summary = "The org's handoff requests, newest first (cap:messaging.route)")
    @GetMapping("/api/handoffs")
    @RequiresCapability("cap:messaging.route")
    Map<String, List<HandoffStore.HandoffView>> list(SymbiaPrincipal principal,
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "50") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.badRequest("status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        if (limit < 1 || limit > 500) {
            throw ProblemException.badRequest("limit must be between 1 and 500");
        }
        return Map.of("handoffs", handoffs.list(org(principal), status, limit));
    }

    @Operation(summary = "Take an open handoff request: it is assigned to the caller")
    @PostMapping("/api/handoffs/{id}/take")
    @RequiresCapability("cap:messaging.route")
    HandoffStore.HandoffView take(SymbiaPrincipal principal, @PathVariable String id) {
        String org = org(principal);
        return handoffs.transition(org, id, "assigned", principal.id(), null)
                .orElseThrow(() -> missingOrClosed(org, id));
    }

    @Operation(summary = "Resolve an open handoff request with a note")
    @PostMapping("/api/handoffs/{id}/resolve")
    @RequiresCapability("cap:messaging.route")
    HandoffStore.HandoffView resolve(SymbiaPrincipal principal, @PathVariable String id,
            @RequestBody(required = false) JsonNode body) {
        String org = org(principal);
        ResolveRequest request = bodies.read(body, ResolveRequest.class);
        return handoffs.transition(org, id, "resolved", null, request.resolution())
                .orElseThrow(() -> missingOrClosed(org, id));
    }

    private ProblemException missingOrClosed(String org, String id) {
        return HandoffStore.uuid(id).flatMap(uuid -> handoffs.find(org, uuid)).isPresent()
                ? ProblemException.conflict("The handoff is already closed") : ProblemException.notFound("Handoff");
    }

    private static String org(SymbiaPrincipal principal) {
        if (principal.orgId() == null || principal.orgId().isBlank()) {
            throw ProblemException.badRequest("An org is required (X-Org-Id)");
        }
        return principal.orgId();
    }
}
