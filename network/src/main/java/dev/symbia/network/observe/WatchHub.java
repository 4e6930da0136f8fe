package dev.symbia.network.observe;

import dev.symbia.network.routing.EventRouted;
import dev.symbia.network.routing.RoutingObserver;
import dev.symbia.network.trace.EventStore;
import dev.symbia.network.trace.StoredElsewhere;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceStore;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EventTypePattern;
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
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

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

    private record Watcher(String id, SseEmitter emitter, Filter filter) {
    }

    private final Set<Watcher> watchers = new CopyOnWriteArraySet<>();
    // Created on start, shut on stop: the context may be stopped and started again (e.g. paused between tests).
    private volatile ExecutorService sender = newSender();
    private final EventStore events;
    private final TraceStore traces;
    private final EnvelopeCodec codec;
    private volatile boolean running;

    WatchHub(EventStore events, TraceStore traces, EnvelopeCodec codec) {
        this.events = events;
        this.traces = traces;
        this.codec = codec;
    }

    SseEmitter watch(Filter filter) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Watcher watcher = new Watcher(UUID.randomUUID().toString(), emitter, filter);
        emitter.onCompletion(() -> watchers.remove(watcher));
        emitter.onTimeout(() -> watchers.remove(watcher));
        emitter.onError(e -> watchers.remove(watcher));
        watchers.add(watcher);
        // A first comment flushes the headers so the client knows the stream is open.
        try {
            emitter.send(SseEmitter.event().comment("watching " + watcher.id()));
        } catch (IOException e) {
            watchers.remove(watcher);
        }
        return emitter;
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
                        send(watcher, SseEmitter.event().id(event.path("id").asString("")).name("event")
                                .data(Map.of("event", event, "trace", trace == null ? Map.of() : trace), MediaType.APPLICATION_JSON));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Watch hub stopped; event not streamed");
        }
    }

    /** Keeps idle streams alive through proxies and finds watchers that went away. */
    @Scheduled(fixedDelay = 15_000)
    void ping() {
        if (!watchers.isEmpty()) {
            try {
                sender.execute(() -> watchers.forEach(w -> send(w, SseEmitter.event().comment("ping"))));
            } catch (RejectedExecutionException e) {
                log.debug("Watch hub stopped; no ping");
            }
        }
    }

    private void send(Watcher watcher, SseEmitter.SseEventBuilder event) {
        try {
            watcher.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            watchers.remove(watcher);
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
        watchers.forEach(w -> w.emitter().complete());
        watchers.clear();
        sender.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
