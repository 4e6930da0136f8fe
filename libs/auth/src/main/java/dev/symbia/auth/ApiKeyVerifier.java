package dev.symbia.auth;

import java.util.Optional;

/**
 * Turns an API key ({@code sk_…}) into the principal it stands for, in its org: identity
 * introspection with a short cache in every service ({@link IntrospectionApiKeyVerifier}), a
 * direct database lookup inside identity.
 */
@FunctionalInterface
public interface ApiKeyVerifier {

    /** Empty when the key is unknown, revoked or expired. */
    Optional<SymbiaPrincipal> verify(String apiKey) throws AuthUnavailableException;

    static boolean looksLikeApiKey(String credential) {
        return credential != null && credential.startsWith("sk_");
    }
}
