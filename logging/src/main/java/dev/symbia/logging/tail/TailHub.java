package dev.symbia.logging.tail;

import dev.symbia.logging.logs.LogsIngested;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In-process fan-out from the ingest path to live tails. One replica sees only what it ingested
 * itself; across replicas this is to be fed by PostgreSQL LISTEN/NOTIFY (not yet done).
 */
@Component
class TailHub {

    private final Map<String, TailSubscriber> subscribers = new ConcurrentHashMap<>();
    private final Semaphore capacity;
    private final TailProperties properties;

    TailHub(TailProperties properties) {
        this.properties = properties;
        this.capacity = new Semaphore(properties.maxSubscribers());
    }

    /** A started subscriber, or empty when the replica already has its maximum of tails. */
    Optional<TailSubscriber> subscribe(TailFilter filter, TailSink sink, Function<String, Object> connected) {
        if (!capacity.tryAcquire()) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        TailSubscriber subscriber = new TailSubscriber(id, filter, sink, properties.bufferSize(), properties.heartbeat(),
                s -> {
                    if (subscribers.remove(s.id) != null) {
                        capacity.release();
                    }
                });
        subscribers.put(id, subscriber);
        Thread.ofVirtual().name("tail-" + id).start(() -> subscriber.run(connected.apply(id)));
        return Optional.of(subscriber);
    }

    @EventListener
    void onIngested(LogsIngested event) {
        for (TailSubscriber subscriber : subscribers.values()) {
            subscriber.offer(event.entries());
        }
    }

    int size() {
        return subscribers.size();
    }
}
