package dev.symbia.relay;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Events arriving for this node, over the socket or the HTTP delivery endpoint: each is verified
 * (signature, window), accepted once per id, and handed to the subscribers on the one
 * "relay-dispatch" thread, in arrival order.
 */
final class IncomingEvents {

    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);
    private static final int RECENT_IDS_BOUND = 50_000;

    private final EnvelopeCodec codec;
    private final EnvelopeVerifier verifier;
    private final RecentIds recent;
    private final Clock clock;
    private final Subscribers subscribers;
    private final RelayMetrics metrics;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(RelayThreads.daemon("relay-dispatch"));

    IncomingEvents(EnvelopeCodec codec, EnvelopeVerifier verifier, Clock clock, Subscribers subscribers,
            RelayMetrics metrics) {
        this.codec = codec;
        this.verifier = verifier;
        this.recent = new RecentIds(verifier.window(), RECENT_IDS_BOUND);
        this.clock = clock;
        this.subscribers = subscribers;
        this.metrics = metrics;
    }

    /** An envelope as JSON text (HTTP delivery): false for a repeat, {@link EnvelopeRejectedException} when refused. */
    boolean receive(String json) {
        return receive(parse(() -> codec.read(json)));
    }

    /** The {@code event} of a socket frame; a refusal is counted and logged, the socket carries on. */
    void receiveFrame(JsonNode event) {
        try {
            receive(parse(() -> codec.fromTree(event)));
        } catch (EnvelopeRejectedException e) {
            // counted and logged already
        }
    }

    boolean receive(Envelope candidate) {
        Envelope envelope;
        try {
            envelope = verifier.verify(candidate);
        } catch (EnvelopeRejectedException e) {
            metrics.rejected(e.reason());
            log.warn("Relay refused an incoming event from '{}': {}", candidate.source(), e.reason().code());
            throw e;
        }
        if (!recent.firstTime(envelope.id(), clock.instant())) {
            return false;
        }
        metrics.received();
        try {
            dispatcher.execute(() -> subscribers.deliver(envelope, this::failed));
        } catch (RejectedExecutionException e) {
            log.debug("Relay closed; incoming event {} not dispatched", envelope.id());
        }
        return true;
    }

    /** Stops dispatching; waits briefly for the handler running now. */
    void close() {
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Envelope parse(Supplier<Envelope> reader) {
        try {
            return reader.get();
        } catch (EnvelopeRejectedException e) {
            metrics.rejected(e.reason());
            log.warn("Relay refused an incoming event: {}", e.reason().code());
            throw e;
        }
    }

    private void failed(EventTypePattern pattern, Envelope envelope, RuntimeException error) {
        metrics.handlerFailed();
        log.warn("Subscriber for '{}' failed on event {} ({}): {}", pattern, envelope.id(), envelope.type(),
                error.getClass().getSimpleName());
    }
}
