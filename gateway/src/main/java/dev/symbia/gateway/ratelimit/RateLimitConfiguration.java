package dev.symbia.gateway.ratelimit;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.RemoteJwks;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.gateway.routing.ServiceDirectory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Buckets in memory, or in Redis when {@code REDIS_URL} is set ({@link RateLimitBuckets}). Whose bucket
 * a request draws from is Spring Cloud Gateway's {@link KeyResolver}: a {@code KeyResolver} bean declared
 * anywhere replaces the default, which is the verified principal of an access token, else the client
 * address ({@code symbia.gateway.rate-limit.per-principal=false}: always the address). Tokens are checked
 * like the services check them, with the same {@code symbia.auth.*} settings (issuer, clock skew, JWKS
 * pacing, cookie name, {@code identity-url}, else {@code IDENTITY_SERVICE_URL}) and libs/auth's
 * {@link RemoteJwks}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RateLimitProperties.class, SymbiaAuthProperties.class})
@ConditionalOnBooleanProperty(name = "symbia.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

    /** Bound on one JWKS fetch; a request with a not-yet-known key waits at most about this long. */
    static final Duration JWKS_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    RateLimitBuckets rateLimitBuckets(RateLimitProperties properties) {
        return properties.redisUrl().isBlank()
                ? RateLimitBuckets.inMemory(properties.capacity(), properties.refillPerSecond(), properties.maxClients())
                : RateLimitBuckets.redis(properties.capacity(), properties.refillPerSecond(), properties.redisUrl().trim());
    }

    @Bean
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, RateLimitBuckets buckets,
            ObjectProvider<KeyResolver> keyResolver, SymbiaAuthProperties auth, ServiceDirectory directory) {
        return new RateLimitFilter(buckets, keyResolver.getIfAvailable(() -> properties.perPrincipal()
                ? principalKeyResolver(auth, directory, Clock.systemUTC())
                : new ClientAddressKeyResolver()));
    }

    static PrincipalKeyResolver principalKeyResolver(SymbiaAuthProperties auth, ServiceDirectory directory, Clock clock) {
        String identity = directory.identityUrl(auth.identityUrl());
        RemoteJwks keys = RemoteJwks.overJdkHttp(identity + "/.well-known/jwks.json", JWKS_TIMEOUT,
                auth.jwksMinRefreshInterval(), auth.jwksMaxAge(), clock);
        return new PrincipalKeyResolver(keys, new AccessTokenVerifier(keys, auth.issuer(), auth.clockSkew(), clock),
                auth.cookieName(), new ClientAddressKeyResolver());
    }
}
