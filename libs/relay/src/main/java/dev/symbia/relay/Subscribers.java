package dev.symbia.relay;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A relay's subscriptions: handlers by event-type pattern, each with the type its data binds to, and the
 * delivery of one event to every matching handler in subscription order. Shared by {@link RelayClient}
 * and the tests' {@code RecordingRelay}, so both bind and match the same way.
 */
public final class Subscribers {

    /** What happens when a handler throws or the event's data does not bind to the handler's type. */
    @FunctionalInterface
    public interface Failure {
        void failed(EventTypePattern pattern, Envelope envelope, RuntimeException error);
    }

    private record Sub<T>(EventTypePattern pattern, Class<T> type, Consumer<RelayEvent<T>> handler) {
    }

    private final JsonMapper mapper;
    private final Runnable changed;
    private final List<Sub<?>> subscriptions = new CopyOnWriteArrayList<>();

    /** {@code changed} runs after every subscription made or cancelled (the relay declares its new set). */
    public Subscribers(JsonMapper mapper, Runnable changed) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    /** See {@link Relay#subscribe}; closing the subscription twice cancels it once. */
    public <T> Relay.Subscription add(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler) {
        Sub<T> sub = new Sub<>(EventTypePattern.parse(typePattern), Objects.requireNonNull(dataType, "dataType"),
                Objects.requireNonNull(handler, "handler"));
        subscriptions.add(sub);
        changed.run();
        return () -> {
            if (subscriptions.remove(sub)) {
                changed.run();
            }
        };
    }

    /** The distinct patterns subscribed to, sorted: what the node declares to the network. */
    public List<String> patterns() {
        return subscriptions.stream().map(sub -> sub.pattern().pattern()).distinct().sorted().toList();
    }

    public int size() {
        return subscriptions.size();
    }

    /** Hands the event to every handler whose pattern matches its type; a failure does not stop the others. */
    public void deliver(Envelope envelope, Failure onFailure) {
        for (Sub<?> sub : subscriptions) {
            if (sub.pattern().matches(envelope.type())) {
                deliver(sub, envelope, onFailure);
            }
        }
    }

    private <T> void deliver(Sub<T> sub, Envelope envelope, Failure onFailure) {
        try {
            T value = sub.type() == JsonNode.class ? sub.type().cast(envelope.data())
                    : mapper.treeToValue(envelope.data(), sub.type());
            sub.handler().accept(new RelayEvent<>(envelope, value));
        } catch (RuntimeException e) {
            onFailure.failed(sub.pattern(), envelope, e);
        }
    }
}
