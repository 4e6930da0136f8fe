package dev.symbia.assistants.streaming;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Integrations' streamed chat frames, in order ({@code {content}} per delta, {@code {toolCall: {index, id?, name?,
 * arguments}}} fragments when tools were offered, then {@code {done, provider, model, usage}} or {@code {error, code}}),
 * read with okhttp-sse on the caller's thread. Text goes to {@code text} as it arrives — until the model starts asking
 * for tools, after which it is only collected. Whatever ends the stream decides the outcome: a stream that ends
 * without {@code done} was cut, and {@link #outcome()} says so instead of returning a shorter answer.
 */
public final class ChatFrames extends EventSourceListener {

    /** A finished turn: its whole text, its tool calls ({@code [id, name, arguments]}, by index) and its done frame. */
    public record Outcome(String content, List<String[]> toolCalls, JsonNode done) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Consumer<String> text;
    private final StringBuilder content = new StringBuilder();
    private final Map<Integer, String[]> calls = new TreeMap<>();
    private JsonNode done;
    private String failure;

    public ChatFrames(Consumer<String> text) {
        this.text = text;
    }

    @Override
    public void onEvent(EventSource source, String id, String type, String data) {
        if (done != null || failure != null) {
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
            source.cancel(); // the last frame: nothing after it is read
        } else if (frame.path("done").asBoolean(false)) {
            done = frame;
            source.cancel();
        } else if (frame.path("toolCall").isObject()) {
            JsonNode call = frame.path("toolCall");
            String[] parts = calls.computeIfAbsent(call.path("index").asInt(0), i -> new String[] {"", "", ""});
            parts[0] = call.path("id").isString() ? call.path("id").asString() : parts[0];
            parts[1] = call.path("name").isString() ? call.path("name").asString() : parts[1];
            parts[2] = parts[2] + call.path("arguments").asString("");
        } else if (frame.path("content").isString() && !frame.path("content").asString().isEmpty()) {
            String delta = frame.path("content").asString();
            content.append(delta);
            if (calls.isEmpty()) {
                text.accept(delta);
            }
        }
    }

    @Override
    public void onFailure(EventSource source, Throwable t, Response response) {
        if (done == null && failure == null) {
            failure = t instanceof InterruptedIOException ? "The model stopped answering (timeout)"
                    : "The model's answer was cut off: the stream broke";
        }
    }

    /** The turn, or why there is none (a message safe to show). */
    public Outcome outcome() throws Cut {
        if (done == null) {
            throw new Cut(failure != null ? failure : "The model's answer was cut off before its end", content.length());
        }
        return new Outcome(content.toString(), new ArrayList<>(calls.values()), done);
    }

    /** The stream ended without its done frame; {@code received} characters had arrived. */
    public static final class Cut extends Exception {
        private final int received;

        Cut(String message, int received) {
            super(message);
            this.received = received;
        }

        public int received() {
            return received;
        }
    }
}
