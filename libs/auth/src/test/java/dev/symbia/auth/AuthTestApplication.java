package dev.symbia.auth;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service using symbia-auth the way a real one does, with identity replaced by fixed keys. */
@SpringBootApplication
class AuthTestApplication {

    static final ECKey KEY = TestKeys.newKey("test-key");
    static final String GOOD_API_KEY = "sk_" + "0".repeat(64);

    @Bean
    VerificationKeys testKeys() {
        return kid -> KEY.getKeyID().equals(kid) ? Optional.of(KEY.toPublicJWK()) : Optional.empty();
    }

    @Bean
    ApiKeyVerifier testApiKeys() {
        return key -> GOOD_API_KEY.equals(key)
                ? Optional.of(new SymbiaPrincipal(PrincipalType.USER, "key-owner", "orgA", Map.of("orgA", "member"),
                        java.util.Set.of("cap:catalog.read"), false, null, "Key", null, AuthMethod.API_KEY, "k1", null))
                : Optional.empty();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
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

        @GetMapping("/api/internal/ping")
        Map<String, Object> internal(SymbiaPrincipal principal) {
            return Map.of("caller", principal.id());
        }
    }
}
