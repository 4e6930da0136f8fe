package dev.symbia.integrations.credential;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach identity's credential vault.
 *
 * @param baseUrl identity's base URL; blank = the one symbia-auth uses ({@code symbia.auth.identity-url}, else
 *                {@code IDENTITY_SERVICE_URL}, else {@code http://localhost:5001})
 * @param timeout bound on one lookup; a chat waits for it
 * @param missTtl how long a "no key" answer is reused while the network relay is registered (identity announces
 *                new keys, which ends it at once; see {@code VaultMisses}); 0 asks the vault on every call
 */
@ConfigurationProperties("integrations.vault")
public record VaultProperties(@DefaultValue("") String baseUrl, @DefaultValue("5s") Duration timeout,
        @DefaultValue("30s") Duration missTtl) {

    public VaultProperties {
        if (missTtl.isNegative()) {
            throw new IllegalArgumentException("integrations.vault.miss-ttl must not be negative");
        }
    }
}
