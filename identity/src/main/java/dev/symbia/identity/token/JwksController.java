package dev.symbia.identity.token;

import com.nimbusds.jose.jwk.JWKSet;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /.well-known/jwks.json}: the public keys every service verifies access tokens with. */
@RestController
class JwksController {

    private final SigningKeyStore keys;

    JwksController(SigningKeyStore keys) {
        this.keys = keys;
    }

    /** Make (or load, and check we can decrypt) the signing key at startup rather than on the first login. */
    @EventListener(ApplicationReadyEvent.class)
    void ensureSigningKey() {
        keys.signingKey();
    }

    @Operation(summary = "Public keys for verifying access tokens (JWKS)")
    @GetMapping(value = "/.well-known/jwks.json", produces = {"application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Map<String, Object>> jwks() {
        keys.signingKey();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(new JWKSet(keys.publishedKeys()).toJSONObject(true));
    }
}
