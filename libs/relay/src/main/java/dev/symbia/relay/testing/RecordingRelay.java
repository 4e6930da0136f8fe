package dev.symbia.relay.testing;

import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.Jcs;
import dev.symbia.relay.Publication;
import dev.symbia.relay.Relay;
import dev.symbia.relay.RelayEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A {@link Relay} for tests of services that publish (the real relay is off in tests): keeps what
 * would be published, with the data converted and canonicalised exactly as {@code RelayClient}
 * does, so data the relay would refuse fails here too. {@link #failing(boolean)} makes every
 * publish throw, to prove a caller never fails because of the relay.
 */
public final class RecordingRelay implements Relay {

    /** One publication as the relay would send it. */
    public record Published(String type, String target, JsonNode data, String canonical) {
    }

    private static final EnvelopeCodec CODEC = new EnvelopeCodec();

    private final String nodeId;
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

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

    @Override
    public boolean isConnected() {
        return true;
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
        return () -> { };
    }
}
