package dev.symbia.messaging.live;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * This replica's live connections: how many of each transport are open, within their limits, and each one's
 * outbox, so that shutting down ends them all. Connections are accepted only while the hub runs.
 */
@Component
class Connections {

    private final LiveProperties properties;
    private final LiveMeters meters;
    private final Map<Transport, AtomicInteger> open = new EnumMap<>(Transport.class);
    private final Set<Outbox<?>> outboxes = ConcurrentHashMap.newKeySet();
    private volatile boolean accepting;

    Connections(LiveProperties properties, LiveMeters meters) {
        this.properties = properties;
        this.meters = meters;
        for (Transport transport : Transport.values()) {
            AtomicInteger count = new AtomicInteger();
            open.put(transport, count);
            meters.connections(transport, count);
        }
    }

    /** A new outbox for a connection, or null when not accepting or this replica has its maximum of that transport. */
    <T> Outbox<T> open(Transport transport, String name, Outbox.Sink<T> sink, Runnable onEnd) {
        int limit = transport == Transport.WEBSOCKET ? properties.maxConnections() : properties.maxStreams();
        AtomicInteger count = open.get(transport);
        if (!accepting) {
            return null;
        }
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return null;
        }
        Outbox<T> outbox = new Outbox<>(name, sink, properties.sendBufferEvents(), properties.sendBufferSize().toBytes(),
                properties.heartbeat(), ended -> {
                    outboxes.remove(ended);
                    count.decrementAndGet();
                    if (ended.ending() == Outbox.Ending.TOO_SLOW) {
                        meters.dropped("slow-consumer");
                    }
                    onEnd.run();
                });
        outboxes.add(outbox);
        return outbox;
    }

    int openCount(Transport transport) {
        return open.get(transport).get();
    }

    void accept() {
        accepting = true;
    }

    /** Refuses new connections and ends the open ones (before the web server's graceful shutdown waits for them). */
    void closeAll() {
        accepting = false;
        outboxes.forEach(outbox -> outbox.end(Outbox.Ending.SHUTDOWN));
    }
}
