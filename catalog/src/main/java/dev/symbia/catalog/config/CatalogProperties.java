package dev.symbia.catalog.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The catalog's settings ({@code symbia.catalog.*}).
 *
 * @param platformVersion   the platform version app manifests' {@code requires.platform} is checked against
 *                          ({@code SYMBIA_PLATFORM_VERSION})
 * @param listLimit         rows of a list page when the caller names no {@code limit} (also the largest allowed)
 * @param artifactMaxSizeMb largest artifact upload ({@code ARTIFACT_MAX_SIZE_MB}); stored in PostgreSQL, so kept small
 * @param bootstrap         the upsert of the platform's own resources on start
 */
@Validated
@ConfigurationProperties("symbia.catalog")
public record CatalogProperties(
        @NotBlank @DefaultValue("1.1.1") String platformVersion,
        @Min(1) @Max(5000) @DefaultValue("1000") int listLimit,
        @Min(1) @Max(100) @DefaultValue("8") int artifactMaxSizeMb,
        @Valid @NotNull @DefaultValue Bootstrap bootstrap) {

    /**
     * @param enabled   upsert {@code classpath:bootstrap/*.json} on start
     * @param attempts  tries before giving up until the next start (each try is one transaction)
     * @param backoff   wait before the second try, doubled each time
     */
    public record Bootstrap(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("5") int attempts,
            @NotNull @DefaultValue("2s") Duration backoff) {
    }
}
