package dev.symbia.integrations.provider.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.symbia.integrations.provider.ChatMessage;
import dev.symbia.integrations.provider.ChatParams;
import java.util.List;

/**
 * The request body of an OpenAI-compatible {@code POST /chat/completions}. Null fields are left
 * out, so a parameter the caller did not set is never sent (providers' defaults then apply).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatCompletionBody(
        String model,
        List<ChatMessage> messages,
        boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Double temperature,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("top_p") Double topP,
        List<String> stop,
        Long seed) {

    record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
    }

    static ChatCompletionBody streaming(ChatParams params, boolean includeUsage) {
        return new ChatCompletionBody(params.model(), params.messages(), true,
                includeUsage ? new StreamOptions(true) : null,
                params.temperature(), params.maxTokens(), params.topP(), params.stop(), params.seed());
    }
}
