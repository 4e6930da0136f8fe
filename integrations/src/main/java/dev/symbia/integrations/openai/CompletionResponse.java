package dev.symbia.integrations.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's non-streamed {@code chat.completion} object. */
record CompletionResponse(String id, String object, long created, String model, List<Choice> choices,
        UsageBody usage) {

    record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {
    }

    record Message(String role, String content) {
    }

    record UsageBody(@JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {
    }
}
