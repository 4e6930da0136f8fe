package dev.symbia.gateway.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param timeout  how long each service's readiness check may take before it counts as down
 * @param cacheTtl how long one aggregated answer is reused, so a burst of {@code /api/health} calls (it is
 *                 not rate limited) does not fan out nine requests each; zero disables the cache
 */
@Validated
@ConfigurationProperties("symbia.gateway.health")
record HealthProperties(@DefaultValue("2s") @NotNull Duration timeout, @DefaultValue("1s") @NotNull Duration cacheTtl) {
}
