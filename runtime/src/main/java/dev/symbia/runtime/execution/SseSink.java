package dev.symbia.runtime.execution;

import dev.symbia.web.sse.SseStream;
import dev.symbia.web.sse.StreamPipe;
import java.io.IOException;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SSE subscriber ({@code GET /api/executions/{id}/events}). The execution's thread renders each event and
 * hands it over a bounded pipe (never waiting: a subscriber {@value #BACKLOG} events behind is dropped, and
 * reconnects); the request's own thread {@link #pump writes} them.
 */
final class SseSink implements EventHub.EventSink {

    static final int BACKLOG = 1_000;
    /** The stream is over; compared by identity. */
    private static final String END = new String("end");

    private final StreamPipe<String> frames = new StreamPipe<>(BACKLOG, frame -> frame == END);
    private final JsonMapper json;

    SseSink(JsonMapper json) {
        this.json = json;
    }

    /** What to undo when the client goes away (leave the room, stop relaying). */
    void onLeave(Runnable leave) {
        frames.onCancel(leave);
    }

    @Override
    public boolean send(String event, Object data) {
        if (frames.tryEmit(SseStream.eventFrame(null, event, json.writeValueAsString(data)))) {
            return true;
        }
        frames.tryEmit(END); // too far behind (or gone): end the stream rather than skip events
        return false;
    }

    @Override
    public void complete() {
        frames.tryEmit(END);
    }

    /** Writes the events to {@code out} on the calling thread until the stream ends or the client leaves. */
    void pump(SseStream out) {
        try {
            out.commit(); // the client knows the stream is open before the first event
            for (String frame = frames.next(); frame != END; frame = frames.next()) {
                out.frame(frame);
                for (String queued = frames.poll(Duration.ZERO); queued != null; queued = frames.poll(Duration.ZERO)) {
                    if (queued == END) {
                        out.flush();
                        return;
                    }
                    out.frame(queued);
                }
                out.flush();
            }
        } catch (IOException e) {
            // The client left.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            frames.cancel();
        }
    }
}
