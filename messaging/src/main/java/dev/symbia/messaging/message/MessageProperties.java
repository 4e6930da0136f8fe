package dev.symbia.messaging.message;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of messages ({@code symbia.messaging.messages.*}).
 *
 * @param maxContentLength most characters of a message's content
 * @param maxMetadata      largest {@code metadata} object, as JSON
 * @param defaultPageSize  messages per page when the caller names no {@code limit}
 * @param maxPageSize      largest {@code limit} a caller may ask for
 */
@Validated
@ConfigurationProperties("symbia.messaging.messages")
public record MessageProperties(
        @DefaultValue("100000") @Min(1) int maxContentLength,
        @DefaultValue("16KB") @NotNull DataSize maxMetadata,
        @DefaultValue("50") @Min(1) int defaultPageSize,
        @DefaultValue("200") @Min(1) @Max(10_000) int maxPageSize) {
}
