package dev.symbia.network.delivery;

import dev.symbia.network.registry.Node;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.RelayProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Delivers an envelope to a node: its live socket on this replica if any, else HTTP POST to its endpoint. */
@Component
public class Deliverer {

    private final LiveConnections live;
    private final HttpDelivery http;
    private final EnvelopeCodec codec;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter socketDelivered;

    Deliverer(LiveConnections live, HttpDelivery http, EnvelopeCodec codec, MeterRegistry meters) {
        this.live = live;
        this.http = http;
        this.codec = codec;
        this.meters = meters;
        this.socketDelivered = counter("websocket", true);
    }

    private Counter counter(String via, boolean delivered) {
        return counters.computeIfAbsent(via + (delivered ? "/success" : "/failure"), key -> meters.counter(
                "network.event.delivery", "via", via, "outcome", delivered ? "success" : "failure"));
    }

    public DeliveryOutcome deliver(Node node, Envelope envelope) {
        return deliver(node, envelope, codec.write(envelope));
    }

    /** As {@link #deliver(Node, Envelope)}, with the envelope already serialised ({@code wire}): written once per event. */
    public DeliveryOutcome deliver(Node node, Envelope envelope, String wire) {
        long started = System.nanoTime();
        DeliveryOutcome outcome;
        // The frame around the envelope is fixed: no tree to build and serialise again.
        if (live.send(node.id(), "{\"op\":\"" + RelayProtocol.OP_EVENT + "\",\"event\":" + wire + "}")) {
            // The common case, counted without a lookup.
            socketDelivered.increment();
            return new DeliveryOutcome(true, "websocket", 1, (System.nanoTime() - started) / 1_000_000, null);
        } else if (node.endpoint() != null) {
            outcome = http.post(node.endpoint(), envelope, wire);
        } else {
            outcome = new DeliveryOutcome(false, "none", 0, 0, "no live connection and no endpoint");
        }
        counter(outcome.via(), outcome.delivered()).increment();
        return outcome;
    }
}
