package dev.symbia.network.routing;

import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeRepository;
import dev.symbia.network.security.Caller;
import dev.symbia.network.trace.EventRepository;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceRepository;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.relay.EnvelopeVerifier;
import dev.symbia.relay.RejectionReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The one door events come in by, from sockets and REST alike: verify the signature and the replay
 * window, check the source is a registered node the sender may speak for, refuse a replayed id,
 * store, route, store the trace, tell observers.
 */
@Service
public class EventIngress {

    /** Who sent an event and how: over a node's own socket ({@code connectionNode} set) or over REST. */
    public record Sender(Caller caller, String channel, String connectionNode) {

        public static Sender socket(Caller caller, String nodeId) {
            return new Sender(caller, "websocket", nodeId);
        }

        public static Sender rest(Caller caller) {
            return new Sender(caller, "rest", null);
        }
    }

    private final EnvelopeVerifier verifier;
    private final NodeRepository nodes;
    private final EventRepository events;
    private final TraceRepository traces;
    private final Router router;
    private final RejectionLog rejections;
    private final ApplicationEventPublisher publisher;
    private final MeterRegistry meters;

    EventIngress(EnvelopeVerifier verifier, NodeRepository nodes, EventRepository events, TraceRepository traces, Router router,
            RejectionLog rejections, ApplicationEventPublisher publisher, MeterRegistry meters) {
        this.verifier = verifier;
        this.nodes = nodes;
        this.events = events;
        this.traces = traces;
        this.router = router;
        this.rejections = rejections;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** Accepts and routes an event, or throws {@link EventRejection} (already audited). */
    public Trace accept(Envelope envelope, Sender sender) {
        RejectionLog.Facts facts = new RejectionLog.Facts(envelope.id(), envelope.type(), envelope.source(),
                sender.caller().key());
        try {
            verifier.verify(envelope);
        } catch (EnvelopeRejectedException e) {
            throw rejections.record(e.reason(), sender.channel(), facts, e.getMessage());
        }
        Node source = nodes.find(envelope.source()).orElseThrow(() -> rejections.record(RejectionReason.UNKNOWN_SOURCE,
                sender.channel(), facts, "The source node '" + envelope.source() + "' is not registered."));
        boolean speaksForSource = sender.connectionNode() != null
                ? sender.connectionNode().equals(source.id())
                : source.owner().equals(sender.caller().key());
        if (!speaksForSource) {
            throw rejections.record(RejectionReason.IMPERSONATION, sender.channel(), facts,
                    "You may not publish as node '" + envelope.source() + "'.");
        }
        if (!events.insertIfAbsent(envelope)) {
            throw rejections.record(RejectionReason.DUPLICATE, sender.channel(), facts,
                    "An event with id '" + envelope.id() + "' was already accepted.");
        }
        Timer.Sample sample = Timer.start(meters);
        Trace trace = router.route(envelope);
        traces.insert(trace);
        sample.stop(meters.timer("network.event.latency"));
        meters.counter("network.event.routed", "status", trace.status().wire()).increment();
        publisher.publishEvent(new EventRouted(envelope, trace));
        return trace;
    }
}
