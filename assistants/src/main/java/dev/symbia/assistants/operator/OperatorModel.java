package dev.symbia.assistants.operator;

import dev.symbia.auth.ActingTokenClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
        Frames frames = new Frames(text);
        ActingHttp.Reply reply;
        try {
            reply = http.stream(acting, "integrations", "/api/execute", body, properties.modelTimeout(), frames);
        } catch (IOException e) {
            throw new ModelFailure("The model could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        if (reply == null) {
            return frames.turn();
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

    /** Integrations' frames of one turn, in order; whatever ends the stream decides the outcome. */
    private static final class Frames extends EventSourceListener {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        private final Consumer<String> text;
        private final StringBuilder content = new StringBuilder();
        private final Map<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name, arguments}
        private boolean done;
        private String failure;

        Frames(Consumer<String> text) {
            this.text = text;
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if (done || failure != null) {
                return;
            }
            JsonNode frame;
            try {
                frame = JSON.readTree(data);
            } catch (JacksonException e) {
                return; // not a frame of this contract
            }
            if (frame.has("error")) {
                failure = "The model's answer was cut off (" + frame.path("code").asString("provider") + "): "
                        + frame.path("error").asString("error");
                source.cancel();
            } else if (frame.path("done").asBoolean(false)) {
                done = true;
                source.cancel();
            } else if (frame.path("toolCall").isObject()) {
                JsonNode call = frame.path("toolCall");
                String[] parts = calls.computeIfAbsent(call.path("index").asInt(0), i -> new String[] {"", "", ""});
                parts[0] = call.path("id").isString() ? call.path("id").asString() : parts[0];
                parts[1] = call.path("name").isString() ? call.path("name").asString() : parts[1];
                parts[2] = parts[2] + call.path("arguments").asString("");
            } else if (frame.path("content").isString() && !frame.path("content").asString().isEmpty()) {
                content.append(frame.path("content").asString());
                if (calls.isEmpty()) {
                    text.accept(frame.path("content").asString()); // words for the user, until tools are asked for
                }
            }
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response response) {
            if (!done && failure == null) {
                failure = t instanceof java.io.InterruptedIOException ? "The model stopped answering (timeout)"
                        : "The model's answer was cut off: the stream broke";
            }
        }

        Turn turn() throws ModelFailure {
            if (!done) {
                throw new ModelFailure(failure != null ? failure : "The model's answer was cut off before its end");
            }
            List<ToolCall> out = new ArrayList<>();
            calls.values().forEach(p -> out.add(new ToolCall(id(p[0]), p[1], p[2].isBlank() ? "{}" : p[2])));
            return new Turn(content.toString(), out);
        }
    }
}
