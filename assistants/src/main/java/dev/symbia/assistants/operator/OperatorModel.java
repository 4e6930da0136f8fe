package dev.symbia.assistants.operator;

import dev.symbia.auth.ActingTokenClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * One model turn with tools through integrations' {@code POST /api/execute} as the user (their token: the model
 * call is theirs, with their provider credential and usage), in its normalised contract: OpenAI-shaped
 * {@code messages}, {@code tools} and {@code toolCalls}.
 */
@Component
class OperatorModel {

    /** The model's answer: its text, and the tools it asked for (OpenAI's {@code {id, type, function}}). */
    record Turn(String content, List<ToolCall> toolCalls) {
    }

    record ToolCall(String id, String name, String arguments) {
        Map<String, Object> wire() {
            return Map.of("id", id, "type", "function", "function", Map.of("name", name, "arguments", arguments));
        }
    }

    /** The model could not answer; the message is safe to show. */
    static final class ModelFailure extends Exception {
        ModelFailure(String message) {
            super(message);
        }
    }

    private final ActingHttp http;
    private final OperatorProperties properties;

    OperatorModel(ActingHttp http, OperatorProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    Turn next(ActingTokenClient.Acting acting, List<Map<String, Object>> messages, List<OperatorTool> tools)
            throws ModelFailure {
        Map<String, Object> params = new LinkedHashMap<>();
        if (!properties.model().isBlank()) {
            params.put("model", properties.model());
        }
        params.put("messages", messages);
        if (!tools.isEmpty()) {
            params.put("tools", tools.stream().map(OperatorTool::definition).toList());
            params.put("toolChoice", "auto");
        }
        params.put("maxTokens", 1024);
        Map<String, Object> body = new LinkedHashMap<>();
        if (!properties.provider().isBlank()) {
            body.put("provider", properties.provider());
        }
        body.put("operation", "chat.completions");
        body.put("stream", false);
        body.put("params", params);
        ActingHttp.Reply reply;
        try {
            reply = http.send(acting, "POST", "integrations", "/api/execute", body, properties.modelTimeout());
        } catch (IOException e) {
            throw new ModelFailure("The model could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        if (!reply.ok()) {
            throw new ModelFailure("The model call failed (" + reply.status() + "): " + reply.problem());
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : reply.body().path("toolCalls")) {
            String id = call.path("id").asString("");
            calls.add(new ToolCall(id.isBlank() ? "call_" + java.util.UUID.randomUUID() : id, call.path("function").path("name").asString(""),
                    call.path("function").path("arguments").asString("{}")));
        }
        return new Turn(reply.body().path("content").asString(""), calls);
    }
}
