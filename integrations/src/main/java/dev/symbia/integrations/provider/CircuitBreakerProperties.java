package dev.symbia.integrations.provider;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-provider circuit breaker: once at least {@code minimumCalls} of the last {@code
 * windowSize} calls were made and {@code failureRatePercent} of them failed on the provider's side
 * (5xx, unreachable, timeouts — not bad keys, quotas or bad input), calls to that provider are
 * refused with 503 for {@code openFor}, then {@code halfOpenCalls} trial calls decide.
 */
@Validated
@ConfigurationProperties("symbia.integrations.circuit-breaker")
public record CircuitBreakerProperties(
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @DefaultValue("50") float failureRatePercent,
        @Min(1) @DefaultValue("10") int windowSize, @Min(1) @DefaultValue("5") int minimumCalls,
        @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration openFor,
        @Min(1) @DefaultValue("2") int halfOpenCalls) {
}
