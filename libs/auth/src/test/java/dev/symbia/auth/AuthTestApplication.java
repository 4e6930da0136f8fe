package dev.symbia.auth;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service using symbia-auth the way a real one does. Identity is libs/test's
 * TestIdentity (every test context is pointed at it), so JWKS fetching and API-key introspection
 * run over real HTTP.
 */
@SpringBootApplication
class AuthTestApplication {

    /** A part of the API with its own error dialect: its 401/403 also carry a {@code dialect} member. */
    @Bean
    AuthProblemCustomizer dialectProblems() {
        return (request, problem) -> {
            if (request.getRequestURI().startsWith("/api/dialect/")) {
                problem.setProperty("dialect", new java.util.TreeMap<>(Map.of("status", problem.getStatus(), "reason", problem.getDetail())));
            }
        };
    }

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

        @GetMapping("/api/dialect/ping")
        Map<String, Object> dialect(SymbiaPrincipal principal) {
            return Map.of("id", principal.id());
        }

        @GetMapping("/api/internal/ping")
        Map<String, Object> internal(SymbiaPrincipal principal) {
            return Map.of("caller", principal.id());
        }
    }
}
