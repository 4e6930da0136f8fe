package dev.symbia.integrations.stream;

import dev.symbia.web.sse.SseStream;
import dev.symbia.web.sse.SseWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a chat to the caller as {@code text/event-stream} in one wire dialect ({@link SseFormat}), with
 * libs/web's {@link SseWriter}: frames flushed as they arrive (several at once only when they queue up),
 * {@code : ping} while the provider is silent, and the caller's connection probed without writing (a write
 * would only fail on the second attempt after the client closed). Whatever ends the stream — the terminal
 * event, the caller leaving (the provider call is cancelled at once) — the events are closed.
 */
public final class ChatStreamWriter {

    private static final Logger log = LoggerFactory.getLogger(ChatStreamWriter.class);

    private final SseWriter writer;

    public ChatStreamWriter(SseWriter writer) {
        this.writer = writer;
    }

    public void write(ChatEvents events, SseFormat format, HttpServletResponse response, Map<String, String> headers,
            CallerConnection caller) {
        try {
            SseStream out = SseStream.open(response, headers);
            for (String frame : format.opening()) {
                out.frame(frame);
            }
            writer.write(out, events::next, (event, stream) -> {
                for (String frame : format.frames(event)) {
                    stream.frame(frame);
                }
                return event.terminal();
            }, caller.watched() ? caller::gone : null);
        } catch (IOException e) {
            log.debug("Caller left before the stream began; cancelling the provider call");
        } catch (RuntimeException e) {
            log.error("Stream writer failed", e);
        } finally {
            events.close();
        }
    }
}
