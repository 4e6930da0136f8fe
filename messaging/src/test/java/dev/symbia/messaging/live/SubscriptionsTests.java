package dev.symbia.messaging.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Fan-out to this replica's connections: only the conversation's, never a presence signal back to its subject. */
class SubscriptionsTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Subscriptions subscriptions = new Subscriptions(new LiveMeters(registry));

    private record Recorder(String principalId, List<LiveFrame> frames) implements Subscriber {

        Recorder(String principalId) {
            this(principalId, new ArrayList<>());
        }

        @Override
        public Transport transport() {
            return Transport.SSE;
        }

        @Override
        public boolean deliver(LiveFrame frame) {
            return frames.add(frame);
        }
    }

    private LiveFrame frame(UUID conversation, String name, String origin) {
        return LiveFrame.of(0, conversation, name, "{}", origin, json);
    }

    @Test
    void aFrameReachesTheSubscribersOfItsConversationOnly() {
        UUID conversation = UUID.randomUUID();
        Recorder alice = new Recorder("alice");
        Recorder elsewhere = new Recorder("bob");
        subscriptions.subscribe(conversation, alice);
        subscriptions.subscribe(UUID.randomUUID(), elsewhere);

        subscriptions.deliver(frame(conversation, "message:new", "alice"));

        assertThat(alice.frames()).extracting(LiveFrame::name).containsExactly("message:new");
        assertThat(elsewhere.frames()).isEmpty();
        assertThat(registry.counter("messaging.live.events.delivered", "transport", "sse").count()).isEqualTo(1);
    }

    @Test
    void presenceSignalsAreNotEchoedToTheirSubject() {
        UUID conversation = UUID.randomUUID();
        Recorder alice = new Recorder("alice");
        Recorder bob = new Recorder("bob");
        subscriptions.subscribe(conversation, alice);
        subscriptions.subscribe(conversation, bob);

        subscriptions.deliver(frame(conversation, "typing:started", "alice"));

        assertThat(alice.frames()).isEmpty();
        assertThat(bob.frames()).extracting(LiveFrame::socketText)
                .containsExactly("{\"event\":\"typing:started\",\"data\":{}}");
    }

    @Test
    void anUnsubscribedConnectionReceivesNothingMore() {
        UUID conversation = UUID.randomUUID();
        Recorder alice = new Recorder("alice");
        subscriptions.subscribe(conversation, alice);
        subscriptions.unsubscribe(conversation, alice);

        subscriptions.deliver(frame(conversation, "message:new", null));

        assertThat(alice.frames()).isEmpty();
    }
}
