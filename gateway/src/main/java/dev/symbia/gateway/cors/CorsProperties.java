package dev.symbia.gateway.cors;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Browser access at the front door, bound from {@code CORS_ALLOWED_ORIGINS} via
 * {@code symbia.cors.allowed-origins} (the same keys the services use).
 *
 * @param allowedOrigins comma separated origins; outside production any localhost origin is allowed too
 * @param maxAge         how long a browser may cache a preflight answer
 */
@Validated
@ConfigurationProperties("symbia.cors")
record CorsProperties(@DefaultValue("") @NotNull String allowedOrigins, @DefaultValue("24h") @NotNull Duration maxAge) {
}
