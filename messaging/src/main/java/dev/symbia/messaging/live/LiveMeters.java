package dev.symbia.messaging.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** Live delivery's metrics: connections per transport, events delivered and dropped (by reason), writer batches. */
@Component
class LiveMeters {

    private final MeterRegistry registry;
    private final Map<Transport, Counter> delivered = new EnumMap<>(Transport.class);
    private final DistributionSummary batches;

    LiveMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Transport transport : Transport.values()) {
            delivered.put(transport, registry.counter("messaging.live.events.delivered", "transport", transport.tag));
        }
        batches = DistributionSummary.builder("messaging.live.writer.batch")
                .description("Live events stored and announced per transaction").register(registry);
    }

    /** The gauge of open connections; the registry holds the count weakly, the caller keeps it. */
    void connections(Transport transport, AtomicInteger open) {
        registry.gauge("messaging.live.connections", Tags.of("transport", transport.tag), open);
    }

    void delivered(Transport transport) {
        delivered.get(transport).increment();
    }

    /** An event that did not reach everyone it should have: backlog, too-large, failed, slow-consumer, stopped. */
    void dropped(String reason) {
        registry.counter("messaging.live.events.dropped", "reason", reason).increment();
    }

    void batch(int events) {
        batches.record(events);
    }
}
