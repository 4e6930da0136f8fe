package dev.symbia.relay;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay: one WebSocket from a node to the network. It registers on every (re)connect,
 * heartbeats, reconnects forever with jittered exponential backoff, buffers what is published while
 * disconnected, and verifies everything it receives before handing it to subscribers.
 *
 * <p>The parts, each on its own: {@link NetworkConnection} (the socket, registration, heartbeat and
 * reconnect loop, on the "relay" thread), {@link OutgoingEvents} (buffer, send, acks) with
 * {@link Stamper} (source, timestamp, signature), {@link IncomingEvents} (verification, replay guard,
 * the "relay-dispatch" thread) and {@link Subscribers} (patterns, binding, delivery). {@link #publish}
 * appends to the buffer and, when registered, stamps and hands the frame to the socket's writer on the caller's
 * thread (OkHttp queues it), so it never blocks on the network.
 */
public final class RelayClient implements Relay, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);

    private final String nodeId;
    private final Subscribers subscribers;
    private final IncomingEvents incoming;
    private final OutgoingEvents outgoing;
    private final NetworkConnection connection;

    public RelayClient(RelaySettings settings, Supplier<NodeRegistration> registration, String nodeId,
            EnvelopeSigner signer, EnvelopeCodec codec, RelayCredentials credentials, MeterRegistry meters, Clock clock) {
        if (nodeId == null || !EnvelopeCodec.NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("invalid node id: " + nodeId);
        }
        this.nodeId = nodeId;
        RelayMetrics metrics = new RelayMetrics(meters == null ? new SimpleMeterRegistry() : meters);
        RelayFrames frames = new RelayFrames(codec);
        this.subscribers = new Subscribers(codec.mapper(), this::subscriptionsChanged);
        this.incoming = new IncomingEvents(codec, new EnvelopeVerifier(signer, settings.replayWindow(), clock), clock,
                subscribers, metrics);
        this.outgoing = new OutgoingEvents(codec, settings.bufferCapacity(), new Stamper(nodeId, signer, clock), frames,
                metrics);
        this.connection = new NetworkConnection(settings, nodeId, registration, subscribers::patterns,
                credentials == null ? RelayCredentials.none() : credentials, frames, outgoing, incoming);
        metrics.watch(outgoing, connection);
    }

    /** Starts connecting in the background; returns immediately. Also resumes after {@link #stop()}. */
    public void start() {
        connection.start();
    }

    /**
     * Disconnects and stays disconnected until {@link #start()}, keeping the buffer and subscriptions
     * (an application context that is stopped and started again). {@link #close()} ends the relay for good.
     */
    public void stop() {
        connection.stop();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** This relay's replica id, sent when it registers (two replicas of one service share the node id). */
    public String replicaId() {
        return connection.replica();
    }

    @Override
    public boolean isConnected() {
        return connection.isRegistered();
    }

    /** How many times the relay has registered since it started (re-registrations included). */
    @Override
    public int registrations() {
        return connection.registrations();
    }

    /** Events waiting for the network to acknowledge them. */
    public int buffered() {
        return outgoing.size();
    }

    @Override
    public String publish(Publication publication) {
        Outbox.Draft draft = outgoing.draft(Objects.requireNonNull(publication, "publication"));
        if (connection.isClosed()) {
            log.warn("Relay is closed; event {} of type {} is discarded", draft.id(), publication.type());
            return draft.id();
        }
        outgoing.offer(draft);
        connection.flushNow();
        return draft.id();
    }

    @Override
    public <T> Subscription subscribe(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler) {
        return subscribers.add(typePattern, dataType, handler);
    }

    /**
     * Accepts an envelope delivered to this node (over the socket or the HTTP delivery endpoint).
     * Returns false for a repeat of an event already accepted; throws {@link EnvelopeRejectedException}
     * when it is malformed, not authentic or outside the window.
     */
    public boolean receive(String json) {
        return incoming.receive(json);
    }

    boolean receive(Envelope candidate) {
        return incoming.receive(candidate);
    }

    @Override
    public void close() {
        connection.close();
        incoming.close();
    }

    private void subscriptionsChanged() {
        connection.subscriptionsChanged();
    }
}
