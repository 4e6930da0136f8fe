package dev.symbia.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the chat stream's frames ({@code POST /api/messaging/send}) in tests. */
public final class ChatFrames {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChatFrames() {
    }

    /** Every remaining {@code data:} frame until the stream ends (none may take longer than {@code wait}). */
    public static List<String> drain(SseClient chat, Duration wait) throws InterruptedException {
        List<String> frames = new ArrayList<>();
        String frame;
        while ((frame = chat.next(wait)) != null) {
            frames.add(frame);
        }
        assertThat(frames).as("the stream sent frames").isNotEmpty();
        return frames;
    }

    /** The text of a content frame, failing on anything else. */
    public static String content(String frame) {
        assertThat(frame).as("a frame arrived").isNotNull();
        JsonNode node = JSON.readTree(frame);
        assertThat(node.has("content")).as("a content frame: %s", frame).isTrue();
        return node.path("content").asString();
    }
}
