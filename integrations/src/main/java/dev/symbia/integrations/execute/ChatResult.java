package dev.symbia.integrations.execute;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.symbia.integrations.provider.ToolCall;
import dev.symbia.integrations.stream.Usage;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The normalised answer of a non-streamed chat.
 *
 * @param model     the model the provider says it ran (else the one requested)
 * @param content   the reply's text; empty when the model only called tools
 * @param toolCalls the tool calls the model asked for, assembled from the stream; absent when none
 * @param logprobs  {@code {content: [...]}} when logprobs were asked for and sent; absent otherwise
 * @param metadata  requestId, attempts, requestedModel, usageEstimated, credentialSource, ttftMs, durationMs
 */
public record ChatResult(String provider, String model, String content, Usage usage, String finishReason,
        Map<String, Object> metadata,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode logprobs) {

    public ChatResult(String provider, String model, String content, Usage usage, String finishReason,
            Map<String, Object> metadata) {
        this(provider, model, content, usage, finishReason, metadata, List.of(), null);
    }
}
