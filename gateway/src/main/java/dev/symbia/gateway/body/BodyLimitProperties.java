package dev.symbia.gateway.body;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxSize largest request body the gateway forwards ({@code GATEWAY_MAX_BODY_SIZE}); large enough for
 *                a base64 image in a chat message, small enough that one client cannot tie up a service
 */
@Validated
@ConfigurationProperties("symbia.gateway.body-limit")
record BodyLimitProperties(@DefaultValue("12MB") @NotNull DataSize maxSize) {
}
