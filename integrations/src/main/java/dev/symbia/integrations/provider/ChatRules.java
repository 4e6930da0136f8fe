package dev.symbia.integrations.provider;

import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The cross-field rules of a chat request that Bean Validation cannot express, as OpenAI applies
 * them: who may carry tool calls, that a tool result answers a call, a valid {@code tool_choice},
 * a schema for {@code json_schema}. Field names are given in the caller's dialect.
 */
public final class ChatRules {

    private ChatRules() {
    }

    /**
     * @param openAi true for the {@code /v1} dialect (snake_case field names in messages)
     */
    public static void check(ChatParams params, boolean openAi) {
        String p = openAi ? "" : "params.";
        String toolCallsName = openAi ? "tool_calls" : "toolCalls";
        String toolCallIdName = openAi ? "tool_call_id" : "toolCallId";
        Set<String> toolNames = new HashSet<>();
        if (params.tools() != null) {
            for (ToolDefinition tool : params.tools()) {
                if (!toolNames.add(tool.function().name())) {
                    throw invalid(p + "tools", "names the function '" + tool.function().name() + "' twice");
                }
            }
        }
        for (int i = 0; i < params.messages().size(); i++) {
            ChatMessage message = params.messages().get(i);
            String at = "messages[" + i + "]";
            boolean hasCalls = message.toolCalls() != null && !message.toolCalls().isEmpty();
            if (hasCalls && !"assistant".equals(message.role())) {
                throw invalid(p + at + "." + toolCallsName, "is only allowed on assistant messages");
            }
            if ("tool".equals(message.role())) {
                if (message.toolCallId() == null) {
                    throw invalid(p + at + "." + toolCallIdName, "is required on tool messages");
                }
            } else if (message.toolCallId() != null) {
                throw invalid(p + at + "." + toolCallIdName, "is only allowed on tool messages");
            }
            if (message.content() == null && !("assistant".equals(message.role()) && hasCalls)) {
                throw invalid(p + at + ".content", "is required (only an assistant message with "
                        + toolCallsName + " may leave it out)");
            }
        }
        String toolChoiceName = openAi ? "tool_choice" : "toolChoice";
        JsonNode choice = params.toolChoice();
        if (choice != null && !choice.isNull()) {
            if (choice.isString()) {
                if (!List.of("none", "auto", "required").contains(choice.asString())) {
                    throw invalid(p + toolChoiceName, "must be none, auto, required or {type: function, function: {name}}");
                }
            } else if (choice.isObject() && "function".equals(choice.path("type").asString(""))
                    && choice.path("function").path("name").isString()) {
                if (!toolNames.contains(choice.path("function").path("name").asString())) {
                    throw invalid(p + toolChoiceName, "names a function that is not in tools");
                }
            } else {
                throw invalid(p + toolChoiceName, "must be none, auto, required or {type: function, function: {name}}");
            }
            if (toolNames.isEmpty() && !"none".equals(choice.asString(""))) {
                throw invalid(p + toolChoiceName, "needs tools");
            }
        }
        if (params.parallelToolCalls() != null && toolNames.isEmpty()) {
            throw invalid(p + (openAi ? "parallel_tool_calls" : "parallelToolCalls"), "needs tools");
        }
        ResponseFormat format = params.responseFormat();
        if (format != null && "json_schema".equals(format.type()) && format.jsonSchema() == null) {
            throw invalid(p + (openAi ? "response_format.json_schema" : "responseFormat.json_schema"),
                    "is required when type is json_schema");
        }
        if (params.topLogprobs() != null && !Boolean.TRUE.equals(params.logprobs())) {
            throw invalid(p + (openAi ? "top_logprobs" : "topLogprobs"), "needs logprobs: true");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return RequestBodies.invalid("Field '" + field + "' " + message + ".",
                List.of(Map.of("field", field, "message", message)));
    }
}
