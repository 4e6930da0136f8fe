package dev.symbia.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service authenticates its callers ({@code symbia.auth.*}).
 *
 * @param identityUrl          identity's base URL; blank means {@code IDENTITY_SERVICE_URL}, else http://localhost:5001
 * @param issuer               the {@code iss} every access token must carry
 * @param publicPaths          endpoints under /api that need no authentication: {@code "/api/x/**"} or
 *                             {@code "POST /api/x"}; health, docs and discovery are always public
 * @param internalCallers      service ids allowed to call this service's {@code /api/internal/**}
 * @param apiKeyCacheTtl       how long an introspected API key is trusted (at most 30 s)
 * @param jwksMinRefreshInterval least time between two JWKS fetches (unknown kid, failures)
 * @param jwksMaxAge           how long fetched keys are used before the JWKS is fetched again
 * @param clockSkew            tolerance on {@code exp}/{@code iat}
 * @param cookieName           the cookie carrying the access token for the website
 * @param serviceId            this service's id for service tokens; blank means spring.application.name
 */
@ConfigurationProperties("symbia.auth")
public record SymbiaAuthProperties(
        @DefaultValue("") String identityUrl,
        @DefaultValue("symbia-identity") String issuer,
        @DefaultValue List<String> publicPaths,
        @DefaultValue List<String> internalCallers,
        @DefaultValue("30s") Duration apiKeyCacheTtl,
        @DefaultValue("10s") Duration jwksMinRefreshInterval,
        @DefaultValue("10m") Duration jwksMaxAge,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("token") String cookieName,
        @DefaultValue("") String serviceId) {
}
