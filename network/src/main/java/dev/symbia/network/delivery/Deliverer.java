package dev.symbia.network.delivery;

import dev.symbia.network.registry.Node;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.RelayProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** Delivers an envelope to a node: its live socket on this replica if any, else HTTP POST to its endpoint. */
@Component
public class Deliverer {

    private final LiveConnections live;
    private final HttpDelivery http;
    private final EnvelopeCodec codec;
    private final MeterRegistry meters;

    Deliverer(LiveConnections live, HttpDelivery http, EnvelopeCodec codec, MeterRegistry meters) {
        this.live = live;
        this.http = http;
        this.codec = codec;
        this.meters = meters;
    }

    public DeliveryOutcome deliver(Node node, Envelope envelope) {
        long started = System.nanoTime();
        ObjectNode frame = codec.mapper().createObjectNode();
        frame.put("op", RelayProtocol.OP_EVENT);
        frame.set("event", codec.toTree(envelope));
        DeliveryOutcome outcome;
        if (live.send(node.id(), codec.mapper().writeValueAsString(frame))) {
            outcome = new DeliveryOutcome(true, "websocket", 1, (System.nanoTime() - started) / 1_000_000, null);
        } else if (node.endpoint() != null) {
            outcome = http.post(node.endpoint(), envelope, codec.write(envelope));
        } else {
            outcome = new DeliveryOutcome(false, "none", 0, 0, "no live connection and no endpoint");
        }
        meters.counter("network.event.delivery", "via", outcome.via(), "outcome", outcome.delivered() ? "success" : "failure")
                .increment();
        return outcome;
    }
}
