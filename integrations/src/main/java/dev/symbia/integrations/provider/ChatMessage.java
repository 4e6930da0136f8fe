package dev.symbia.integrations.provider;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One chat turn, in the normalised contract. {@code content} may be null only on an assistant turn
 * that carries {@code toolCalls}; a {@code tool} turn answers one call and names it in {@code toolCallId}
 * (checked by {@link ChatRules}).
 *
 * @param name       optional participant name (OpenAI's {@code name})
 * @param toolCalls  the calls an assistant turn asked for, in OpenAI's shape
 * @param toolCallId on a {@code tool} turn: the id of the call it answers
 * (both also accepted under OpenAI's names {@code tool_calls} / {@code tool_call_id}, as callers of the
 * original platform sent them)
 */
public record ChatMessage(
        @NotNull @Pattern(regexp = "system|user|assistant|tool", message = "must be system, user, assistant or tool")
        String role,
        @Size(max = 1_000_000) String content,
        @Size(min = 1, max = 256) String name,
        @JsonAlias("tool_calls") @Size(max = 128) List<@NotNull @Valid ToolCall> toolCalls,
        @JsonAlias("tool_call_id") @Size(min = 1, max = 256) String toolCallId) {

    public ChatMessage(String role, String content) {
        this(role, content, null, null, null);
    }

    /** Characters of the turn, for local token estimates. */
    public long characters() {
        long chars = content == null ? 0 : content.length();
        if (toolCalls != null) {
            for (ToolCall call : toolCalls) {
                chars += call.function().name().length() + call.function().arguments().length();
            }
        }
        return chars;
    }
}
