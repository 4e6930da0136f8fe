package dev.symbia.gateway.ratelimit;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.gateway.routing.ServiceDirectory;
import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * The limiter and the key resolver are seams: a {@link RateLimiter} bean backed by a shared store (for
 * several replicas) or a {@link RateLimitKeyResolver} bean declared anywhere replaces the in-memory
 * defaults. The default key is the verified principal of an access token, else the client address
 * ({@code symbia.gateway.rate-limit.per-principal=false}: always the address). Tokens are checked like
 * the services check them, with the same {@code symbia.auth.*} settings (issuer, clock skew, JWKS
 * pacing, cookie name, {@code identity-url}, else {@code IDENTITY_SERVICE_URL}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RateLimitProperties.class, SymbiaAuthProperties.class})
@ConditionalOnBooleanProperty(name = "symbia.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

    /** Bound on one JWKS fetch; a request with a not-yet-known key waits at most this long. */
    static final Duration JWKS_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, ObjectProvider<RateLimiter> limiter,
            ObjectProvider<RateLimitKeyResolver> keyResolver, SymbiaAuthProperties auth, ServiceDirectory directory) {
        return new RateLimitFilter(
                limiter.getIfAvailable(() -> new InMemoryRateLimiter(properties.capacity(), properties.refillPerSecond(),
                        properties.maxClients(), System::nanoTime)),
                keyResolver.getIfAvailable(() -> properties.perPrincipal()
                        ? principalKeyResolver(auth, directory, Clock.systemUTC())
                        : new ClientAddressKeyResolver()));
    }

    static PrincipalKeyResolver principalKeyResolver(SymbiaAuthProperties auth, ServiceDirectory directory, Clock clock) {
        String identity = directory.identityUrl(auth.identityUrl());
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) JWKS_TIMEOUT.toMillis())
                .responseTimeout(JWKS_TIMEOUT);
        GatewayJwks keys = new GatewayJwks(http, identity + "/.well-known/jwks.json", JWKS_TIMEOUT,
                auth.jwksMinRefreshInterval(), auth.jwksMaxAge(), clock);
        return new PrincipalKeyResolver(keys, new AccessTokenVerifier(keys, auth.issuer(), auth.clockSkew(), clock),
                auth.cookieName(), new ClientAddressKeyResolver());
    }
}
