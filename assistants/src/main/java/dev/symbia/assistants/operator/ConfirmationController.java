package dev.symbia.assistants.operator;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/operator/confirmations/{id}} (gateway: {@code /api/assistants/operator/confirmations/{id}})
 * with {@code {"decision":"confirm"|"cancel"}}: the same as answering yes or no in the conversation. Only the
 * user who asked sees their confirmation (anyone else, in any org: 404); a decided one is a 409, an expired one
 * a 409 too (and is marked expired in the conversation).
 */
@RestController
class ConfirmationController {

    record DecisionRequest(@NotNull @Pattern(regexp = "confirm|cancel", message = "must be confirm or cancel")
            String decision) {
    }

    private final OperatorStore store;
    private final Operator operator;
    private final RequestBodies bodies;

    ConfirmationController(OperatorStore store, Operator operator, RequestBodies bodies) {
        this.store = store;
        this.operator = operator;
        this.bodies = bodies;
    }

    @Operation(summary = "Confirm or cancel a step the operator assistant asked about (only the user who asked)")
    @PostMapping("/api/operator/confirmations/{id}")
    ResponseEntity<Map<String, String>> decide(SymbiaPrincipal principal, @PathVariable String id,
            @RequestBody(required = false) JsonNode body) {
        if (principal.orgId() == null || !principal.isUser()) {
            throw ProblemException.notFound("Confirmation"); // only a user in an org ever has one
        }
        DecisionRequest request = bodies.read(body, DecisionRequest.class);
        OperatorStore.ConfirmationRow confirmation = uuid(id)
                .flatMap(uuid -> store.confirmation(principal.orgId(), principal.id(), uuid))
                .orElseThrow(() -> ProblemException.notFound("Confirmation"));
        return switch (operator.decide(confirmation, request.decision())) {
            case DONE -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("confirmationId", id, "status",
                    "confirm".equals(request.decision()) ? "confirmed" : "cancelled"));
            case EXPIRED -> throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT,
                    "Confirmation expired", "The confirmation expired; nothing was done. Ask again.");
            case ALREADY_DECIDED -> throw ProblemException.conflict("The confirmation was already decided.");
        };
    }

    private static java.util.Optional<UUID> uuid(String id) {
        try {
            return java.util.Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
