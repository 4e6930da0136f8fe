package dev.symbia.gateway.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeout  how long each service's readiness check may take before it counts as down
 * @param cacheTtl how long one aggregated answer is reused, so a burst of {@code /api/health} calls (it is
 *                 not rate limited) does not fan out nine requests each; zero disables the cache
 */
@ConfigurationProperties("symbia.gateway.health")
record HealthProperties(@DefaultValue("2s") Duration timeout, @DefaultValue("1s") Duration cacheTtl) {
}
