package dev.symbia.web.health;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's health paths over Actuator's health groups: {@code /health} (everything),
 * {@code /health/live} (liveness probe) and {@code /health/ready} (readiness probe, which includes
 * the database). 200 when up, 503 otherwise; the body only says the status, never details.
 */
@RestController
public class HealthAliasController {

    private final HealthEndpoint health;

    public HealthAliasController(HealthEndpoint health) {
        this.health = health;
    }

    @Operation(summary = "Overall health")
    @GetMapping("/health")
    public ResponseEntity<Map<String, String>> health() {
        return respond(health.health());
    }

    @Operation(summary = "Liveness: the process works")
    @GetMapping("/health/live")
    public ResponseEntity<Map<String, String>> live() {
        return respond(health.healthForPath("liveness"));
    }

    @Operation(summary = "Readiness: the service can take traffic (database included)")
    @GetMapping("/health/ready")
    public ResponseEntity<Map<String, String>> ready() {
        return respond(health.healthForPath("readiness"));
    }

    private static ResponseEntity<Map<String, String>> respond(HealthDescriptor descriptor) {
        Status status = descriptor == null ? Status.UNKNOWN : descriptor.getStatus();
        int code = Status.UP.equals(status) ? 200 : 503;
        return ResponseEntity.status(code).body(Map.of("status", status.getCode()));
    }
}
