package dev.symbia.messaging.live;

import dev.symbia.web.sse.SseStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One SSE feed of one conversation. With a {@code Last-Event-ID} it first replays the newer durable
 * events from {@code live_events}, then goes live; live events queue in the outbox meanwhile and those
 * the replay already sent are skipped, so nothing is lost or sent twice. The outbox runs on the request's
 * own thread ({@link Outbox#runHere}): every write here is on it.
 */
final class SseSubscriber implements Subscriber, Outbox.Sink<LiveFrame> {

    private static final int REPLAY_PAGE = 500;

    final UUID conversationId;
    private SseStream out; // set before the outbox runs, on the thread it runs on
    private final String principalId;
    private final long lastEventId;
    private final LiveEventStore store;
    private final Set<Long> replayed = new HashSet<>(); // outbox thread only
    private volatile Outbox<LiveFrame> outbox;

    /** @param lastEventId where to resume from, or -1 for live only */
    SseSubscriber(UUID conversationId, String principalId, long lastEventId, LiveEventStore store) {
        this.conversationId = conversationId;
        this.principalId = principalId;
        this.lastEventId = lastEventId;
        this.store = store;
    }

    void attach(Outbox<LiveFrame> outbox) {
        this.outbox = outbox;
    }

    /** Writes the outbox to {@code out} on the calling thread until it ends or {@code limit} passed. */
    void run(SseStream out, Duration limit) {
        this.out = out;
        outbox.runHere(limit);
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
        out.comment(" connected");
        out.flush();
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
            out.flush();
        } while (page.size() == REPLAY_PAGE);
    }

    @Override
    public void send(LiveFrame frame) throws IOException {
        if (frame.durable() && replayed.contains(frame.id())) {
            return;
        }
        write(frame.id(), frame.name(), frame.data());
        out.flush();
    }

    private void write(long id, String name, String data) throws IOException {
        out.event(id > 0 ? Long.toString(id) : null, name, data);
    }

    @Override
    public void heartbeat() throws IOException {
        out.ping();
        out.flush();
    }

    @Override
    public void end(Outbox.Ending ending) {
        // Too slow, shutting down or its time up: the request ends when the outbox's loop returns, and the
        // client reconnects with Last-Event-ID and misses no durable event.
    }
}
