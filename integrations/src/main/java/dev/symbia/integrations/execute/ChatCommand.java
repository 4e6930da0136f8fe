package dev.symbia.integrations.execute;

import dev.symbia.integrations.provider.ChatParams;

/**
 * A validated chat request, whatever endpoint it came through.
 *
 * @param provider provider name, or null for the default
 * @param params   generation parameters (model may be null: the provider's default)
 * @param surface  the endpoint, for accounting: {@code execute}, {@code internal} or {@code openai}
 * @param streamed whether the caller receives a stream
 */
public record ChatCommand(String provider, ChatParams params, String surface, boolean streamed) {
}
