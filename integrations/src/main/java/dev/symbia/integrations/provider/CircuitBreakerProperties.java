package dev.symbia.integrations.provider;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-provider circuit breaker: once at least {@code minimumCalls} of the last {@code
 * windowSize} calls were made and {@code failureRatePercent} of them failed on the provider's side
 * (5xx, unreachable, timeouts — not bad keys, quotas or bad input), calls to that provider are
 * refused with 503 for {@code openFor}, then {@code halfOpenCalls} trial calls decide.
 */
@ConfigurationProperties("integrations.circuit-breaker")
public record CircuitBreakerProperties(@DefaultValue("50") float failureRatePercent, @DefaultValue("10") int windowSize,
        @DefaultValue("5") int minimumCalls, @DefaultValue("30s") Duration openFor,
        @DefaultValue("2") int halfOpenCalls) {
}
