package dev.symbia.gateway.ratelimit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The limiter and the key resolver are seams: a {@link RateLimiter} bean backed by a shared store (for
 * several replicas) or a principal-aware {@link RateLimitKeyResolver} bean declared anywhere replaces
 * the in-memory, per-address defaults.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnBooleanProperty(name = "symbia.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

    @Bean
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, ObjectProvider<RateLimiter> limiter,
            ObjectProvider<RateLimitKeyResolver> keyResolver) {
        return new RateLimitFilter(
                limiter.getIfAvailable(() -> new InMemoryRateLimiter(properties.capacity(), properties.refillPerSecond(),
                        properties.maxClients(), System::nanoTime)),
                keyResolver.getIfAvailable(ClientAddressKeyResolver::new));
    }
}
