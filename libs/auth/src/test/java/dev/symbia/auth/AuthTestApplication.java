package dev.symbia.auth;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service using symbia-auth the way a real one does. Identity is libs/test's
 * TestIdentity (every test context is pointed at it), so JWKS fetching and API-key introspection
 * run over real HTTP.
 */
@SpringBootApplication
class AuthTestApplication {

    @RestController
    static class Endpoints {

        @GetMapping("/api/open")
        Map<String, Object> open() {
            return Map.of("anonymous", Authz.current().isEmpty());
        }

        @GetMapping("/api/whoami")
        Map<String, Object> whoami(SymbiaPrincipal principal) {
            return Map.of("id", principal.id(), "type", principal.type().wire(),
                    "org", String.valueOf(principal.orgId()), "caps", principal.caps(), "method", principal.method().name());
        }

        @RequiresCapability("cap:catalog.publish")
        @GetMapping("/api/publish")
        Map<String, Object> publish() {
            return Map.of("published", true);
        }

        @GetMapping("/api/internal/ping")
        Map<String, Object> internal(SymbiaPrincipal principal) {
            return Map.of("caller", principal.id());
        }
    }
}
