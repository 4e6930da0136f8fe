package dev.symbia.integrations.credential;

import dev.symbia.integrations.caller.Caller;
import java.util.Optional;

/**
 * Finds the API key to call a provider with on behalf of a caller. Implementations: the vault
 * (the caller's own key, else the org-wide one) and the environment (the platform default);
 * {@link CredentialChain} asks them in that order.
 */
public interface CredentialSource {

    Optional<Credential> find(Caller caller, String provider);
}
