package dev.symbia.models.inference;

/**
 * How a generation ended.
 *
 * @param finishReason {@code stop} (end of text or a stop sequence), {@code length} (max_tokens or the context
 *                     window) or {@code cancelled} (the caller left)
 */
public record Generation(String text, int promptTokens, int completionTokens, String finishReason) {
}
