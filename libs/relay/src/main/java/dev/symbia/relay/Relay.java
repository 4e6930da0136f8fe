package dev.symbia.relay;

import java.util.function.Consumer;

/**
 * A service's connection to the network. Publishing never blocks and never fails because the
 * network is unreachable: events wait in a bounded buffer (oldest dropped first) until the relay is
 * registered again. Subscribers receive only events whose signature and timestamp verify.
 */
public interface Relay {

    /** This node's id (a service's {@code spring.application.name}). */
    String nodeId();

    /** True while the relay is connected and registered. */
    boolean isConnected();

    /**
     * How many times the relay has registered with the network since it started. A change means it was
     * disconnected in between and may have missed events (0 for relays that never register).
     */
    default int registrations() {
        return 0;
    }

    /** Publishes an event routed by the network's contracts; returns the event id. */
    default String publish(String type, Object data) {
        return publish(Publication.of(type, data));
    }

    /** Publishes an event to one node (target may be null); returns the event id. */
    default String publish(String type, Object data, String target) {
        return publish(Publication.of(type, data).to(target));
    }

    /** Publishes an event; returns its id at once. Invalid input is a programming error: IllegalArgumentException. */
    String publish(Publication publication);

    /**
     * Calls {@code handler} for every received event whose type matches {@code typePattern}
     * ({@code *}, exact, or {@code prefix.*}) with {@code data} bound to {@code dataType}
     * (use {@code JsonNode.class} for the raw tree). Handlers run one at a time, in arrival order.
     */
    <T> Subscription subscribe(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler);

    /** Cancels a subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
