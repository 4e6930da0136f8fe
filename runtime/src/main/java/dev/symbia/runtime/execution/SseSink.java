package dev.symbia.runtime.execution;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** An SSE subscriber ({@code GET /api/executions/{id}/events}). */
final class SseSink implements EventHub.EventSink {

    final SseEmitter emitter = new SseEmitter(0L);
    private volatile boolean gone;
    private volatile Runnable leave = () -> { };

    SseSink() {
        emitter.onCompletion(this::left);
        emitter.onTimeout(this::left);
        emitter.onError(e -> left());
    }

    /** What to undo when the client goes away (leave the room, stop relaying). */
    void onLeave(Runnable leave) {
        this.leave = leave;
        if (gone) {
            leave.run();
        }
    }

    private void left() {
        gone = true;
        leave.run();
    }

    @Override
    public boolean send(String event, Object data) {
        if (gone) {
            return false;
        }
        try {
            synchronized (emitter) {
                emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            gone = true;
            return false;
        }
    }

    @Override
    public void complete() {
        gone = true;
        emitter.complete();
    }
}
