package dev.symbia.integrations.credential;

import java.util.Optional;

/**
 * Finds the API key to call a provider with on behalf of a key owner. Implementations: the vault
 * (the owner's own key, else the org-wide one) and the environment (the platform default);
 * {@link CredentialChain} asks them in that order.
 */
public interface CredentialSource {

    Optional<Credential> find(Account owner, String provider);
}
