package dev.symbia.messaging.live;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One SSE feed of one conversation. With a {@code Last-Event-ID} it first replays the newer durable
 * events from {@code live_events}, then goes live; live events queue in the outbox meanwhile and those
 * the replay already sent are skipped, so nothing is lost or sent twice.
 */
final class SseStream implements Subscriber, Outbox.Sink<LiveFrame> {

    private static final int REPLAY_PAGE = 500;

    final UUID conversationId;
    final SseEmitter emitter;
    private final String principalId;
    private final long lastEventId;
    private final LiveEventStore store;
    private final Set<Long> replayed = new HashSet<>(); // outbox thread only
    private volatile Outbox<LiveFrame> outbox;

    /** @param lastEventId where to resume from, or -1 for live only */
    SseStream(UUID conversationId, SseEmitter emitter, String principalId, long lastEventId, LiveEventStore store) {
        this.conversationId = conversationId;
        this.emitter = emitter;
        this.principalId = principalId;
        this.lastEventId = lastEventId;
        this.store = store;
    }

    void attach(Outbox<LiveFrame> outbox) {
        this.outbox = outbox;
        // Whatever ends the response (client gone, timeout, error) ends the outbox, which unsubscribes.
        Runnable gone = () -> outbox.end(Outbox.Ending.CLIENT_GONE);
        emitter.onCompletion(gone);
        emitter.onTimeout(gone);
        emitter.onError(e -> gone.run());
    }

    @Override
    public String principalId() {
        return principalId;
    }

    @Override
    public Transport transport() {
        return Transport.SSE;
    }

    @Override
    public boolean deliver(LiveFrame frame) {
        Outbox<LiveFrame> current = outbox;
        return current != null && current.offer(frame, frame.size());
    }

    @Override
    public void open() throws IOException {
        // A first comment flushes the headers: the client knows the stream is open.
        emitter.send(SseEmitter.event().comment(" connected"));
        if (lastEventId < 0) {
            return;
        }
        long cursor = lastEventId;
        List<LiveEventStore.StoredEvent> page;
        do {
            page = store.after(conversationId, cursor, REPLAY_PAGE);
            for (LiveEventStore.StoredEvent event : page) {
                write(event.id(), event.name(), event.payload());
                replayed.add(event.id());
                cursor = event.id();
            }
        } while (page.size() == REPLAY_PAGE);
    }

    @Override
    public void send(LiveFrame frame) throws IOException {
        if (frame.durable() && replayed.contains(frame.id())) {
            return;
        }
        write(frame.id(), frame.name(), frame.data());
    }

    private void write(long id, String name, String data) throws IOException {
        SseEmitter.SseEventBuilder event = SseEmitter.event().name(name).data(data);
        if (id > 0) {
            event.id(Long.toString(id));
        }
        emitter.send(event);
    }

    @Override
    public void heartbeat() throws IOException {
        emitter.send(SseEmitter.event().comment(" ping"));
    }

    @Override
    public void end(Outbox.Ending ending) {
        // Too slow or shutting down: the client reconnects with Last-Event-ID and misses no durable event.
        try {
            emitter.complete();
        } catch (RuntimeException e) {
            // already completed
        }
    }
}
