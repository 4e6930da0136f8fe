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
 */
@ConfigurationProperties("integrations.vault")
public record VaultProperties(@DefaultValue("") String baseUrl, @DefaultValue("5s") Duration timeout) {
}
