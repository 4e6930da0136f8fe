package dev.symbia.integrations.stream;

import dev.symbia.web.sse.SseStream;
import java.util.List;

/** Renders normalised events as complete SSE frames ({@code data: …\n\n}) of one wire dialect. */
public interface SseFormat {

    /** Frames sent before the first event. */
    default List<String> opening() {
        return List.of();
    }

    /** Frames for one event; a terminal event's frames end the stream. */
    List<String> frames(StreamEvent event);

    static String data(String payload) {
        return SseStream.dataFrame(payload);
    }
}
