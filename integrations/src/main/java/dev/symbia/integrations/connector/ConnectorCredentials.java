package dev.symbia.integrations.connector;

import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.integrations.credential.CredentialOrigin;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A connector's key for a caller, as provider keys are found: the caller's own key in identity's vault, then the
 * org-wide one (vault provider names {@code jfrog}, {@code railway}, {@code supabase}), then the platform default
 * from the environment. Never from a request body; never logged.
 */
@Component
public class ConnectorCredentials {

    private final CredentialChain vault;
    private final ConnectorProperties properties;

    ConnectorCredentials(CredentialChain vault, ConnectorProperties properties) {
        this.vault = vault;
        this.properties = properties;
    }

    public Optional<Credential> find(Account owner, Connector connector) {
        Optional<Credential> stored = vault.find(owner, connector.vaultName());
        if (stored.isPresent()) {
            return stored;
        }
        String env = switch (connector) {
            case JFROG -> properties.jfrog().accessToken();
            case RAILWAY -> properties.railway().apiToken();
            case SUPABASE -> properties.supabase().serviceRoleKey();
        };
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(new Credential(env.trim(), CredentialOrigin.ENV));
    }

    /** The caller's key, or a 422 saying which credential is missing. */
    public Credential require(Account owner, Connector connector) {
        Credential credential = find(owner, connector).orElseThrow(() -> ConnectorException.notConfigured(connector,
                "No " + connector.vaultName() + " credential: store one in the vault (provider '"
                        + connector.vaultName() + "') or set " + connector.tokenEnv() + "."));
        // A key no HTTP header can carry is never sent (nor echoed): name the fault, not the value.
        if (!credential.apiKey().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ConnectorException.notConfigured(connector, "The stored " + connector.vaultName() + " credential ("
                    + credential.origin().wireName() + " key) contains characters an HTTP header cannot carry.");
        }
        return credential;
    }
}
