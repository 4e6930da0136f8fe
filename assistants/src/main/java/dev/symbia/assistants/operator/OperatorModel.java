package dev.symbia.assistants.operator;

import dev.symbia.assistants.streaming.ChatFrames;
import dev.symbia.auth.ActingTokenClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * One model turn with tools through integrations' {@code POST /api/execute} as the user (their token: the model
 * call is theirs, with their provider credential and usage), in its normalised contract: OpenAI-shaped
 * {@code messages}, {@code tools} and {@code toolCalls}. Streamed: integrations' frames ({@code {content}},
 * {@code {toolCall: {index, id?, name?, arguments}}} fragments, then {@code {done}} or {@code {error}}); the text
 * goes to the caller as it arrives, until the model starts asking for tools. A stream that ends without
 * {@code done} was cut: a failure, never a shorter answer.
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

    Turn next(ActingTokenClient.Acting acting, List<Map<String, Object>> messages, List<OperatorTool> tools,
            Consumer<String> text) throws ModelFailure {
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
        body.put("stream", true);
        body.put("params", params);
        ChatFrames frames = new ChatFrames(text);
        ActingHttp.Reply reply;
        try {
            reply = http.stream(acting, "integrations", "/api/execute", body, properties.modelTimeout(), frames);
        } catch (IOException e) {
            throw new ModelFailure("The model could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        if (reply == null) {
            try {
                ChatFrames.Outcome outcome = frames.outcome();
                List<ToolCall> calls = new ArrayList<>();
                outcome.toolCalls().forEach(c -> calls.add(new ToolCall(id(c[0]), c[1], c[2].isBlank() ? "{}" : c[2])));
                return new Turn(outcome.content(), calls);
            } catch (ChatFrames.Cut cut) {
                throw new ModelFailure(cut.getMessage());
            }
        }
        if (!reply.ok()) {
            throw new ModelFailure("The model call failed (" + reply.status() + "): " + reply.problem());
        }
        // answered at once (JSON): the whole text is one piece
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : reply.body().path("toolCalls")) {
            calls.add(new ToolCall(id(call.path("id").asString("")), call.path("function").path("name").asString(""),
                    call.path("function").path("arguments").asString("{}")));
        }
        String content = reply.body().path("content").asString("");
        if (calls.isEmpty() && !content.isEmpty()) {
            text.accept(content);
        }
        return new Turn(content, calls);
    }

    private static String id(String given) {
        return given.isBlank() ? "call_" + UUID.randomUUID() : given;
    }
}
