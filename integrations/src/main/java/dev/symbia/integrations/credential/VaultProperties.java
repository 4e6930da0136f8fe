package dev.symbia.integrations.credential;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach identity's credential vault.
 *
 * @param baseUrl identity's base URL; blank = the one symbia-auth uses ({@code symbia.auth.identity-url}, else
 *                {@code IDENTITY_SERVICE_URL}, else {@code http://localhost:5001})
 * @param timeout bound on one lookup; a chat waits for it
 * @param missTtl how long a "no key" answer is reused while the network relay is registered (identity announces
 *                new keys, which ends it at once; see {@code VaultMisses}); 0 asks the vault on every call
 */
@Validated
@ConfigurationProperties("symbia.integrations.vault")
record VaultProperties(@NotNull @DefaultValue("") String baseUrl,
        @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration timeout,
        @NotNull @DefaultValue("30s") Duration missTtl) {

    public VaultProperties {
        // Checked here too, not only by @Validated: a negative TTL would make every miss look fresh.
        if (missTtl != null && missTtl.isNegative()) {
            throw new IllegalArgumentException("symbia.integrations.vault.miss-ttl must not be negative");
        }
    }
}
