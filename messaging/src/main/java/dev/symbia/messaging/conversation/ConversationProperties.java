package dev.symbia.messaging.conversation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of conversations ({@code symbia.messaging.conversations.*}).
 *
 * @param maxMetadata         largest {@code metadata} object, as JSON
 * @param maxParticipants     most participants named when a conversation is created
 * @param defaultPageSize     conversations per list page when the caller names no {@code limit}
 * @param maxPageSize         largest {@code limit} a caller may ask for
 */
@Validated
@ConfigurationProperties("symbia.messaging.conversations")
public record ConversationProperties(
        @DefaultValue("16KB") @NotNull DataSize maxMetadata,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxParticipants,
        @DefaultValue("50") @Min(1) int defaultPageSize,
        @DefaultValue("200") @Min(1) @Max(10_000) int maxPageSize) {
}
