package dev.symbia.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The relay's meters, registered once; the parts of the relay report through this. */
final class RelayMetrics {

    private final MeterRegistry meters;
    private final Counter dropped;
    private final Counter published;
    private final Counter received;
    private final Counter handlerFailures;

    RelayMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.dropped = Counter.builder("symbia.relay.outbox.dropped")
                .description("Events dropped from the relay buffer because it was full").register(meters);
        this.published = Counter.builder("symbia.relay.events.published")
                .description("Events the network accepted from this relay").register(meters);
        this.received = Counter.builder("symbia.relay.events.received")
                .description("Verified events received by this relay").register(meters);
        this.handlerFailures = Counter.builder("symbia.relay.handler.failures")
                .description("Subscriber handlers that threw or could not bind the event data").register(meters);
    }

    /** The gauges read their state objects; Micrometer holds them weakly, the relay strongly. */
    void watch(OutgoingEvents outgoing, NetworkConnection connection) {
        Gauge.builder("symbia.relay.outbox.size", outgoing, OutgoingEvents::size)
                .description("Events waiting for the network's acknowledgement").register(meters);
        Gauge.builder("symbia.relay.connected", connection, c -> c.isRegistered() ? 1 : 0)
                .description("1 while registered with the network").register(meters);
    }

    void dropped(int count) {
        dropped.increment(count);
    }

    void published() {
        published.increment();
    }

    void received() {
        received.increment();
    }

    void handlerFailed() {
        handlerFailures.increment();
    }

    /** An incoming event this relay refused. */
    void rejected(RejectionReason reason) {
        Counter.builder("symbia.relay.events.rejected").tag("reason", reason.code())
                .description("Incoming events this relay refused").register(meters).increment();
    }

    /** A published event the network refused for good (or this relay could not sign). */
    void refused(RejectionReason reason) {
        Counter.builder("symbia.relay.events.refused").tag("reason", reason.code())
                .description("Published events the network refused for good").register(meters).increment();
    }
}
