package dev.symbia.integrations.provider.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.symbia.integrations.provider.ChatMessage;
import dev.symbia.integrations.provider.ChatParams;
import dev.symbia.integrations.provider.ResponseFormat;
import dev.symbia.integrations.provider.ToolCall;
import dev.symbia.integrations.provider.ToolDefinition;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The request body of an OpenAI-compatible {@code POST /chat/completions}. Null fields are left
 * out, so a parameter the caller did not set is never sent (providers' defaults then apply).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatCompletionBody(
        String model,
        List<Message> messages,
        boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Double temperature,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("top_p") Double topP,
        List<String> stop,
        Long seed,
        List<ToolDefinition> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        @JsonProperty("response_format") ResponseFormat responseFormat,
        Integer n,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("logit_bias") Map<String, Integer> logitBias,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        String user,
        @JsonProperty("reasoning_effort") String reasoningEffort) {

    record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
    }

    /** A chat turn on the wire; {@code content} is sent even when null (an assistant turn of tool calls only). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(String role, @JsonInclude(JsonInclude.Include.ALWAYS) String content, String name,
            @JsonProperty("tool_calls") List<ToolCall> toolCalls, @JsonProperty("tool_call_id") String toolCallId) {

        static Message of(ChatMessage message) {
            return new Message(message.role(), message.content(), message.name(),
                    message.toolCalls() == null || message.toolCalls().isEmpty() ? null : message.toolCalls(),
                    message.toolCallId());
        }
    }

    static ChatCompletionBody streaming(ChatParams params, boolean includeUsage) {
        return new ChatCompletionBody(params.model(), params.messages().stream().map(Message::of).toList(), true,
                includeUsage ? new StreamOptions(true) : null,
                params.temperature(), params.maxTokens(), params.topP(), params.stop(), params.seed(),
                params.tools() == null || params.tools().isEmpty() ? null : params.tools(),
                params.toolChoice() == null || params.toolChoice().isNull() ? null : params.toolChoice(),
                params.parallelToolCalls(), params.responseFormat(), params.n(), params.presencePenalty(),
                params.frequencyPenalty(), params.logitBias(), params.logprobs(), params.topLogprobs(), params.user(),
                params.reasoningEffort());
    }
}
