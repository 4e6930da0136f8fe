package dev.symbia.relay.autoconfigure;

import dev.symbia.core.ProblemTypes;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayProtocol;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP fallback: the network POSTs an envelope here when this node has no live socket on the
 * replica that routed it. The envelope is verified exactly like one received over the socket;
 * a repeat of an accepted event is acknowledged again without dispatching it twice. Being under
 * {@code /api/internal/**}, it is reached only with the network's service token (libs/auth's
 * allow-list, to which {@link RelayEnvironmentPostProcessor} adds {@code network}).
 */
@RestController
public class RelayDeliveryController {

    private final RelayClient relay;

    public RelayDeliveryController(RelayClient relay) {
        this.relay = relay;
    }

    @PostMapping(path = RelayProtocol.DELIVERY_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> deliver(@RequestBody String body) {
        boolean firstTime;
        try {
            firstTime = relay.receive(body);
        } catch (EnvelopeRejectedException e) {
            HttpStatus status = switch (e.reason()) {
                case BAD_SIGNATURE -> HttpStatus.UNAUTHORIZED;
                default -> HttpStatus.BAD_REQUEST;
            };
            String code = status == HttpStatus.UNAUTHORIZED ? ProblemTypes.UNAUTHENTICATED : ProblemTypes.VALIDATION;
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
            problem.setType(ProblemTypes.uri(code));
            problem.setTitle("Event rejected");
            problem.setProperty("code", code);
            problem.setProperty("reason", e.reason().code());
            // Answered here rather than thrown, so it is problem+json with or without symbia-web's advice.
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return ResponseEntity.accepted().body(Map.of("ok", true, "duplicate", !firstTime));
    }
}
