package dev.symbia.relay.testing;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.Jcs;
import dev.symbia.relay.Publication;
import dev.symbia.relay.Relay;
import dev.symbia.relay.RelayEvent;
import dev.symbia.relay.Subscribers;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A {@link Relay} for tests of services that publish (the real relay is off in tests): keeps what
 * would be published, with the data converted and canonicalised exactly as {@code RelayClient}
 * does, so data the relay would refuse fails here too. {@link #failing(boolean)} makes every
 * publish throw, to prove a caller never fails because of the relay. For services that subscribe:
 * {@link #deliver} hands an event to the matching subscribers as the network would, and
 * {@link #connected(boolean)} / {@link #reregister()} play a relay losing and regaining the network.
 */
public final class RecordingRelay implements Relay {

    /** One publication as the relay would send it. */
    public record Published(String type, String target, JsonNode data, String canonical) {
    }

    private static final EnvelopeCodec CODEC = new EnvelopeCodec();

    private final String nodeId;
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final Subscribers subscribers = new Subscribers(CODEC.mapper(), () -> { });
    private volatile boolean failing;
    private volatile boolean connected = true;
    private volatile int registrations = 1;

    public RecordingRelay(String nodeId) {
        this.nodeId = nodeId;
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    public void connected(boolean connected) {
        this.connected = connected;
    }

    /** The relay was away and registered again (events sent meanwhile may have been missed). */
    public void reregister() {
        registrations++;
    }

    public int subscriptionCount() {
        return subscribers.size();
    }

    /**
     * Delivers an event from {@code source} to every subscriber whose pattern matches its type, on the
     * caller's thread; a handler's exception reaches the caller (the real relay counts and logs it).
     */
    public void deliver(String type, String source, Object data) {
        JsonNode tree = CODEC.toData(data);
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), type, source, nodeId, null, null, Boundary.INTER,
                Instant.now().toString(), tree, null);
        subscribers.deliver(envelope, (pattern, event, error) -> {
            throw error;
        });
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public int registrations() {
        return registrations;
    }

    @Override
    public String publish(Publication publication) {
        if (failing) {
            throw new IllegalStateException("relay broken on purpose");
        }
        JsonNode data = CODEC.toData(publication.data());
        published.add(new Published(publication.type(), publication.target(), data, Jcs.canonicalize(data)));
        return UUID.randomUUID().toString();
    }

    @Override
    public <T> Subscription subscribe(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler) {
        return subscribers.add(typePattern, dataType, handler);
    }
}
