package dev.symbia.identity.support;

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
 * Stands in for the relay (off in tests): keeps what would be published, as the relay would send it
 * (data converted and canonicalised exactly as {@code RelayClient.publish} does, so data it would
 * refuse fails here too). {@link #failing} makes every publish throw, to prove callers never fail with it.
 */
public class CapturingRelay implements Relay {

    public record Published(String type, JsonNode data, String canonical) {
    }

    private static final EnvelopeCodec CODEC = new EnvelopeCodec();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    public List<Published> published() {
        return List.copyOf(published);
    }

    @Override
    public String nodeId() {
        return "identity";
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
        published.add(new Published(publication.type(), data, Jcs.canonicalize(data)));
        return UUID.randomUUID().toString();
    }

    @Override
    public <T> Subscription subscribe(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler) {
        return () -> { };
    }
}
