package dev.symbia.auth;

import com.nimbusds.jose.jwk.JWK;
import java.util.Optional;

/**
 * Where the public keys that verify access tokens come from: identity's JWKS over HTTP in every
 * service and the gateway ({@link RemoteJwks}), identity's own key store inside identity.
 */
@FunctionalInterface
public interface VerificationKeys {

    /** The public key with this {@code kid}, if it is (still) published. */
    Optional<JWK> find(String kid);
}
