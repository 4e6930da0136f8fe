package dev.symbia.network.observe;

import dev.symbia.network.routing.EventRouted;
import dev.symbia.network.routing.RoutingObserver;
import dev.symbia.network.trace.EventStore;
import dev.symbia.network.trace.StoredElsewhere;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceStore;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EventTypePattern;
import dev.symbia.web.sse.SseStream;
import dev.symbia.web.sse.SseWriter;
import dev.symbia.web.sse.StreamPipe;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live watch streams: every routed event (here at once, or on another replica once it is stored: {@link
 * StoredElsewhere}) goes to the watchers whose filters (run, source, type pattern) it passes. Sending happens
 * on the hub's own thread so a slow watcher never slows routing down.
 */
@Component
class WatchHub implements SmartLifecycle, RoutingObserver {

    private static final Logger log = LoggerFactory.getLogger(WatchHub.class);
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    record Filter(String runId, String source, EventTypePattern type) {
        boolean accepts(JsonNode event) {
            return (runId == null || runId.equals(event.path("runId").asString(null)))
                    && (source == null || source.equals(event.path("source").asString(null)))
                    && (type == null || type.matches(event.path("type").asString(null)));
        }
    }

    /** One stream: frames rendered on the hub's thread wait in its pipe for the request's thread to write them. */
    private record Watcher(String id, StreamPipe<String> frames, Filter filter) {
    }

    /** Ends a stream (shutdown, or the watcher fell too far behind); compared by identity. */
    private static final String END = new String("end");
    /** Frames a watcher may fall behind before it is dropped (it reconnects), so it never slows the others. */
    static final int BACKLOG = 1_000;
    /** {@code :ping} after 15 s of silence keeps idle streams alive through proxies and finds watchers that left. */
    private static final SseWriter WRITER = new SseWriter(Duration.ofSeconds(15), Duration.ofSeconds(15), false, BACKLOG, "ping");

    private final Set<Watcher> watchers = new CopyOnWriteArraySet<>();
    // Created on start, shut on stop: the context may be stopped and started again (e.g. paused between tests).
    private volatile ExecutorService sender = newSender();
    private final EventStore events;
    private final TraceStore traces;
    private final EnvelopeCodec codec;
    private final JsonMapper json;
    private volatile boolean running;

    WatchHub(EventStore events, TraceStore traces, EnvelopeCodec codec, JsonMapper json) {
        this.json = json;
        this.events = events;
        this.traces = traces;
        this.codec = codec;
    }

    /** Streams what {@code filter} selects on the calling (request) thread until the caller leaves or a timeout. */
    void watch(Filter filter, HttpServletResponse response) throws IOException {
        Watcher watcher = new Watcher(UUID.randomUUID().toString(), new StreamPipe<>(BACKLOG, f -> f == END), filter);
        watchers.add(watcher);
        try {
            SseStream out = SseStream.open(response, Map.of());
            // A first comment flushes the headers so the client knows the stream is open.
            out.comment("watching " + watcher.id());
            out.flush();
            long deadline = System.nanoTime() + STREAM_TIMEOUT.toNanos();
            SseWriter.Source<String> frames = wait -> System.nanoTime() - deadline >= 0 ? END : watcher.frames().poll(wait);
            WRITER.write(out, frames, (frame, stream) -> {
                if (frame == END) {
                    return true;
                }
                stream.frame(frame);
                return false;
            }, null);
        } finally {
            watchers.remove(watcher);
            watcher.frames().cancel();
        }
    }

    @Override
    public void routed(EventRouted routed) {
        if (!watchers.isEmpty()) {
            dispatch(codec.toTree(routed.envelope()), routed.trace());
        }
    }

    /** Arrives on the notification thread: the reads happen on the hub's own thread. */
    @EventListener
    void remote(StoredElsewhere stored) {
        if (watchers.isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> {
                for (String eventId : stored.eventIds()) {
                    try {
                        events.find(eventId).ifPresent(event -> dispatch(event.envelope(), traces.find(eventId).orElse(null)));
                    } catch (RuntimeException e) {
                        log.debug("Could not read event {} routed elsewhere", eventId);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Watch hub stopped; remote events not streamed");
        }
    }

    private static ExecutorService newSender() {
        return Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("network-watch").factory());
    }

    private void dispatch(JsonNode event, Trace trace) {
        try {
            sender.execute(() -> {
                for (Watcher watcher : watchers) {
                    if (watcher.filter().accepts(event)) {
                        send(watcher, SseStream.eventFrame(event.path("id").asString(""), "event",
                                json.writeValueAsString(Map.of("event", event, "trace", trace == null ? Map.of() : trace))));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Watch hub stopped; event not streamed");
        }
    }

    private void send(Watcher watcher, String frame) {
        if (!watcher.frames().tryEmit(frame)) {
            log.info("Dropping watcher {}: it fell {} frames behind", watcher.id(), BACKLOG);
            watchers.remove(watcher);
            watcher.frames().tryEmit(END);
        }
    }

    int watcherCount() {
        return watchers.size();
    }

    @Override
    public void start() {
        if (sender.isShutdown()) {
            sender = newSender();
        }
        running = true;
    }

    /** Ends every stream before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        running = false;
        watchers.forEach(w -> w.frames().tryEmit(END));
        watchers.clear();
        sender.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
