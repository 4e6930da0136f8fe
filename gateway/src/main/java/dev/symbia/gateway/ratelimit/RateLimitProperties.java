package dev.symbia.gateway.ratelimit;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client token bucket at the front door ({@code GATEWAY_RATE_LIMIT_*}, {@code REDIS_URL}).
 *
 * @param enabled         switch the limit off entirely (e.g. behind another limiter)
 * @param capacity        burst size: requests a client may make at once
 * @param refillPerSecond sustained rate: permits added per second
 * @param maxClients      buckets kept in memory; idle (full) ones are dropped first, so memory stays bounded
 * @param perPrincipal    key a request carrying a verified access token by its principal (else by address)
 * @param redisUrl        {@code redis://…}: keep the buckets in this Redis, shared by every gateway replica;
 *                        blank keeps them in memory
 */
@Validated
@ConfigurationProperties("symbia.gateway.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("120") @Positive long capacity,
        @DefaultValue("20") @Positive double refillPerSecond,
        @DefaultValue("100000") @Positive int maxClients,
        @DefaultValue("true") boolean perPrincipal,
        @DefaultValue("") @NotNull String redisUrl) {
}
