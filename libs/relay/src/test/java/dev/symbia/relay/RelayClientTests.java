package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The relay against a fake network: buffering, registration, acks, reconnection, subscriptions. */
class RelayClientTests {

    private static final String SECRET = "relay-client-tests-secret-0123456789";
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final EnvelopeSigner signer = new EnvelopeSigner(SECRET.getBytes(StandardCharsets.UTF_8), codec);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private FakeNetwork network;
    private RelayClient relay;

    record Greeting(String text, int count) {
    }

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.close();
        }
        if (network != null) {
            network.close();
        }
    }

    private RelayClient relay(int port, int capacity) {
        RelaySettings settings = new RelaySettings(URI.create("http://localhost:" + port), Duration.ofMillis(200),
                Duration.ofMillis(50), Duration.ofMillis(300), capacity, Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofSeconds(2));
        return new RelayClient(settings,
                () -> new NodeRegistration("messaging", "Messaging", "service", List.of("message.send"),
                        "http://localhost:1/api/internal/network/events", Map.of()),
                "messaging", signer, codec, () -> Map.of("X-Test-Credential", "token-1"), meters, Clock.systemUTC());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void publishWhileTheNetworkIsDownReturnsAtOnceAndDeliversInOrderOnceItIsUp() throws Exception {
        int port = freePort();
        relay = relay(port, 100);
        relay.start();
        long before = System.nanoTime();
        String first = relay.publish("message.new", Map.of("text", "one"));
        String second = relay.publish("message.new", Map.of("text", "two"), "assistants");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
        assertThat(relay.isConnected()).isFalse();
        assertThat(relay.buffered()).isEqualTo(2);

        network = new FakeNetwork();
        network.start(port);

        await().atMost(Duration.ofSeconds(20)).until(() -> network.published.size() == 2);
        assertThat(network.registrations).hasSize(1);
        assertThat(network.registrations.getFirst().get("id").stringValue()).isEqualTo("messaging");
        assertThat(network.registrations.getFirst().get("capabilities").get(0).stringValue()).isEqualTo("message.send");
        assertThat(network.handshakeHeaders).contains("token-1");
        assertThat(network.published).extracting(e -> e.get("id").stringValue()).containsExactly(first, second);
        JsonNode sent = network.published.get(1);
        assertThat(sent.get("source").stringValue()).isEqualTo("messaging");
        assertThat(sent.get("target").stringValue()).isEqualTo("assistants");
        // What went over the wire verifies with the shared secret.
        assertThat(signer.isValid(codec.fromTree(sent))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.buffered() == 0);
        assertThat(meters.counter("symbia.relay.events.published").count()).isEqualTo(2);
    }

    @Test
    void publishersOnManyThreadsSendEachEventOnceAndEachPublishersInItsOrder() throws Exception {
        network = new FakeNetwork();
        network.start(0);
        relay = relay(network.port(), 1000);
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(relay::isConnected);

        // A registered relay sends on the publisher's thread: concurrent publishers must neither send an event twice
        // nor reorder one publisher's events.
        int threads = 4;
        int each = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int publisher = t;
            publishers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    relay.publish("tick.x", Map.of("p", publisher, "i", i));
                }
            }));
        }
        go.countDown();
        for (Thread publisher : publishers) {
            publisher.join(Duration.ofSeconds(20));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> network.published.size() >= threads * each);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.buffered() == 0);
        assertThat(network.published).hasSize(threads * each);
        assertThat(network.published.stream().map(e -> e.get("id").stringValue()).distinct()).hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            int publisher = t;
            assertThat(network.published.stream().filter(e -> e.get("data").get("p").intValue() == publisher)
                    .map(e -> e.get("data").get("i").intValue()).toList())
                    .isEqualTo(java.util.stream.IntStream.range(0, each).boxed().toList());
        }
    }

    @Test
    void aFullBufferDropsTheOldestAndCountsIt() throws Exception {
        int port = freePort();
        relay = relay(port, 3);
        relay.start();
        for (int i = 0; i < 5; i++) {
            relay.publish("tick.x", Map.of("i", i));
        }
        assertThat(meters.counter("symbia.relay.outbox.dropped").count()).isEqualTo(2);
        network = new FakeNetwork();
        network.start(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> network.published.size() == 3);
        assertThat(network.published).extracting(e -> e.get("data").get("i").intValue()).containsExactly(2, 3, 4);
    }

    @Test
    void reRegistersAfterTheConnectionDropsAndResendsUnacknowledgedEvents() throws Exception {
        network = new FakeNetwork();
        network.start(0);
        relay = relay(network.port(), 100);
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(relay::isConnected);

        network.acknowledge = false;
        String id = relay.publish("message.new", Map.of("text", "lost ack"));
        await().atMost(Duration.ofSeconds(10)).until(() -> network.published.size() == 1);
        network.acknowledge = true;
        network.dropConnection();

        await().atMost(Duration.ofSeconds(20)).until(() -> relay.registrations() == 2 && relay.isConnected());
        assertThat(network.registrations).hasSize(2);
        // The same replica registers again: the network replaces its older socket instead of keeping both.
        assertThat(network.replicas).containsExactly(relay.replicaId(), relay.replicaId());
        assertThat(relay.replicaId()).isNotBlank();
        // Never acknowledged, so sent again after re-registering (the network drops duplicates by id).
        await().atMost(Duration.ofSeconds(10)).until(() -> network.published.size() == 2);
        assertThat(network.published.get(1).get("id").stringValue()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.buffered() == 0);
    }

    @Test
    void subscribersGetVerifiedTypedEventsOnlyOnce() throws Exception {
        network = new FakeNetwork();
        network.start(0);
        relay = relay(network.port(), 100);
        List<RelayEvent<Greeting>> greetings = new CopyOnWriteArrayList<>();
        List<String> everything = new CopyOnWriteArrayList<>();
        relay.subscribe("greeting.*", Greeting.class, greetings::add);
        relay.subscribe("*", JsonNode.class, event -> everything.add(event.type()));
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(relay::isConnected);

        Envelope good = signer.sign(new Envelope("evt-1", "greeting.sent", "assistants", "messaging", "run-1", null,
                Boundary.INTRA, EnvelopeCodec.timestamp(Instant.now()), codec.toData(Map.of("text", "hi", "count", 2)), null));
        Envelope forged = new EnvelopeSigner("some-other-secret-some-other-secret".getBytes(StandardCharsets.UTF_8), codec)
                .sign(new Envelope("evt-2", "greeting.sent", "assistants", null, "run-1", null, Boundary.INTRA,
                        EnvelopeCodec.timestamp(Instant.now()), codec.toData(Map.of("text", "evil", "count", 1)), null));
        Envelope stale = signer.sign(new Envelope("evt-3", "greeting.sent", "assistants", null, "run-1", null, Boundary.INTRA,
                EnvelopeCodec.timestamp(Instant.now().minus(Duration.ofHours(1))), codec.toData(Map.of("text", "old", "count", 1)), null));
        Envelope other = signer.sign(new Envelope("evt-4", "other.thing", "assistants", null, "run-1", null, Boundary.INTRA,
                EnvelopeCodec.timestamp(Instant.now()), codec.toData(Map.of("x", 1)), null));
        for (Envelope envelope : List.of(good, forged, stale, good, other)) {
            network.push("{\"op\":\"event\",\"event\":" + codec.write(envelope) + "}");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> everything.size() == 2);
        assertThat(everything).containsExactly("greeting.sent", "other.thing");
        assertThat(greetings).hasSize(1);
        assertThat(greetings.getFirst().data()).isEqualTo(new Greeting("hi", 2));
        assertThat(greetings.getFirst().source()).isEqualTo("assistants");
        assertThat(meters.counter("symbia.relay.events.rejected", "reason", "bad-signature").count()).isEqualTo(1);
        assertThat(meters.counter("symbia.relay.events.rejected", "reason", "outside-window").count()).isEqualTo(1);
    }

    @Test
    void theNodeDeclaresWhatItSubscribesToAndDeclaresAgainWhenThatChanges() throws Exception {
        network = new FakeNetwork();
        network.start(0);
        relay = relay(network.port(), 100);
        relay.subscribe("message.response", JsonNode.class, event -> { });
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(relay::isConnected);
        await().atMost(Duration.ofSeconds(5)).until(() -> !network.registrations.isEmpty());
        assertThat(patterns(network.registrations.getFirst())).containsExactly("message.response");

        Relay.Subscription later = relay.subscribe("greeting.*", Greeting.class, event -> { });
        await().atMost(Duration.ofSeconds(5)).until(() -> network.registrations.size() == 2);
        assertThat(patterns(network.registrations.get(1))).containsExactly("greeting.*", "message.response");

        later.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> network.registrations.size() == 3);
        assertThat(patterns(network.registrations.get(2))).containsExactly("message.response");
        later.close(); // twice: nothing changes, nothing is declared again
        // A publication after it travels the same relay thread and socket: once it arrived, a fourth
        // registration sent by the second close would have arrived before it.
        relay.publish("after.close", Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> network.published.size() == 1);
        assertThat(network.registrations).hasSize(3);
    }

    @Test
    void aNodeWithoutSubscriptionsDeclaresAnEmptySetNotNothing() throws Exception {
        network = new FakeNetwork();
        network.start(0);
        relay = relay(network.port(), 100);
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(relay::isConnected);

        JsonNode declared = network.registrations.getFirst().get("subscriptions");
        assertThat(declared.isArray()).as("an empty list: this node takes no broadcasts").isTrue();
        assertThat(declared).isEmpty();
    }

    private static List<String> patterns(JsonNode node) {
        return node.path("subscriptions").valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void stopDisconnectsWithoutLosingTheBufferAndStartResumes() throws Exception {
        network = new FakeNetwork();
        network.start(0);
        relay = relay(network.port(), 100);
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(relay::isConnected);

        relay.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !relay.isConnected());
        relay.publish("while.stopped", Map.of());
        // Stopped means stopped: no reconnect behind the caller's back (reconnect delays here are 50-300 ms).
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5))
                .until(() -> relay.registrations() == 1 && !relay.isConnected());
        assertThat(network.published).isEmpty();

        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.registrations() == 2 && network.published.size() == 1);
        assertThat(network.published.getFirst().get("type").stringValue()).isEqualTo("while.stopped");
    }

    @Test
    void invalidPublicationsAreProgrammingErrors() throws Exception {
        relay = relay(freePort(), 10);
        assertThatIllegalArgumentException().isThrownBy(() -> relay.publish("bad type", Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> relay.publish("a.b", Map.of(), "*"));
        assertThatIllegalArgumentException().isThrownBy(() -> relay.publish("a.b", Map.of("x", Double.NaN)));
    }
}
