package dev.symbia.gateway.body;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize largest request body the gateway forwards ({@code GATEWAY_MAX_BODY_SIZE}); large enough for
 *                a base64 image in a chat message, small enough that one client cannot tie up a service
 */
@ConfigurationProperties("symbia.gateway.body-limit")
record BodyLimitProperties(@DefaultValue("12MB") DataSize maxSize) {
}
