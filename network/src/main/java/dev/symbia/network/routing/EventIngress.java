package dev.symbia.network.routing;

import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeDirectory;
import dev.symbia.network.trace.HistoryWriter;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceStatus;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.relay.EnvelopeVerifier;
import dev.symbia.relay.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The one door events come in by, from sockets and REST alike: verify the signature (once, here: the
 * one hop this network is) and the replay window, check the source is a registered node the sender may
 * speak for, refuse a replayed id, route, queue event and trace for the history, tell observers. Nothing
 * on this path waits for the database (issue 26): nodes, contracts and policies are read from memory
 * ({@link NodeDirectory} and friends), ids from {@link AcceptedIds}, and the history is written in
 * batches ({@link HistoryWriter}).
 */
@Service
public class EventIngress {

    /**
     * Who sent an event ({@code callerKey}: {@link dev.symbia.network.security.Principals#key}) and how: over a
     * node's own socket ({@code connectionNode} set) or over REST.
     */
    public record Sender(String callerKey, String channel, String connectionNode) {

        public static Sender socket(String callerKey, String nodeId) {
            return new Sender(callerKey, "websocket", nodeId);
        }

        public static Sender rest(String callerKey) {
            return new Sender(callerKey, "rest", null);
        }
    }

    private final EnvelopeVerifier verifier;
    private final NodeDirectory nodes;
    private final AcceptedIds accepted;
    private final HistoryWriter history;
    private final Router router;
    private final RejectionLog rejections;
    private final List<RoutingObserver> observers;
    private final Clock clock;
    private final EnvelopeCodec codec;
    private final Timer latency;
    private final Map<TraceStatus, Counter> routed = new EnumMap<>(TraceStatus.class);

    EventIngress(EnvelopeVerifier verifier, NodeDirectory nodes, AcceptedIds accepted, HistoryWriter history, Router router,
            RejectionLog rejections, ObjectProvider<RoutingObserver> observers, Clock clock, EnvelopeCodec codec, MeterRegistry meters) {
        this.verifier = verifier;
        this.nodes = nodes;
        this.accepted = accepted;
        this.history = history;
        this.router = router;
        this.rejections = rejections;
        this.observers = observers.orderedStream().toList();
        this.clock = clock;
        this.codec = codec;
        this.latency = meters.timer("network.event.latency");
        for (TraceStatus status : TraceStatus.values()) {
            routed.put(status, meters.counter("network.event.routed", "status", status.wire()));
        }
    }

    /** Accepts and routes an event, or throws {@link EventRejection} (already audited). */
    public Trace accept(Envelope envelope, Sender sender) {
        RejectionLog.Facts facts = new RejectionLog.Facts(envelope.id(), envelope.type(), envelope.source(),
                sender.callerKey());
        try {
            verifier.verify(envelope);
        } catch (EnvelopeRejectedException e) {
            throw rejections.record(e.reason(), sender.channel(), facts, e.getMessage());
        }
        Node source = nodes.find(envelope.source()).orElseThrow(() -> rejections.record(RejectionReason.UNKNOWN_SOURCE,
                sender.channel(), facts, "The source node '" + envelope.source() + "' is not registered."));
        boolean speaksForSource = sender.connectionNode() != null
                ? sender.connectionNode().equals(source.id())
                : source.owner().equals(sender.callerKey());
        if (!speaksForSource) {
            throw rejections.record(RejectionReason.IMPERSONATION, sender.channel(), facts,
                    "You may not publish as node '" + envelope.source() + "'.");
        }
        Instant receivedAt = clock.instant();
        if (!accepted.firstTime(envelope)) {
            throw rejections.record(RejectionReason.DUPLICATE, sender.channel(), facts,
                    "An event with id '" + envelope.id() + "' was already accepted.");
        }
        long started = System.nanoTime();
        // Serialised once: delivered as is (unless a policy transforms it) and stored as received.
        String wire = codec.write(envelope);
        Trace trace = router.route(envelope, wire);
        history.append(envelope, wire, receivedAt, trace);
        latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        routed.get(trace.status()).increment();
        if (!observers.isEmpty()) {
            EventRouted event = new EventRouted(envelope, trace);
            for (RoutingObserver observer : observers) {
                observer.routed(event);
            }
        }
        return trace;
    }
}
