package dev.symbia.gateway.cors;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser access at the front door, bound from {@code CORS_ALLOWED_ORIGINS} via
 * {@code symbia.cors.allowed-origins} (the same keys the services use).
 *
 * @param allowedOrigins comma separated origins; outside production any localhost origin is allowed too
 * @param maxAge         how long a browser may cache a preflight answer
 */
@ConfigurationProperties("symbia.cors")
record CorsProperties(@DefaultValue("") String allowedOrigins, @DefaultValue("24h") Duration maxAge) {
}
