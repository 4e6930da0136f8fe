package dev.symbia.integrations.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.symbia.integrations.provider.ToolCall;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** OpenAI's non-streamed {@code chat.completion} object. */
record CompletionResponse(String id, String object, long created, String model, List<Choice> choices,
        UsageBody usage) {

    record Choice(int index, Message message, JsonNode logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    /** {@code content} is null (not absent) when the model only called tools, as OpenAI answers. */
    record Message(String role, String content, String refusal,
            @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls) {
    }

    record UsageBody(@JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {
    }
}
