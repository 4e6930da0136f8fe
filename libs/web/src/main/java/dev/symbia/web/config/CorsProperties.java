package dev.symbia.web.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser access, bound from {@code CORS_ALLOWED_ORIGINS} via {@code symbia.cors.allowed-origins}.
 *
 * @param allowedOrigins comma separated origins; outside production localhost is always allowed
 * @param maxAge         how long a browser may cache a preflight answer
 */
@ConfigurationProperties("symbia.cors")
public record CorsProperties(@DefaultValue("") String allowedOrigins, @DefaultValue("24h") Duration maxAge) {
}
