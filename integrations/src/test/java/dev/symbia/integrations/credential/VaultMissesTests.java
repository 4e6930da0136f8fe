package dev.symbia.integrations.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.integrations.caller.Caller;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.Publication;
import dev.symbia.relay.Relay;
import dev.symbia.relay.RelayEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** "No key" answers from the vault are reused only while nothing can have changed them. */
class VaultMissesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @StartStop
    private final MockWebServer identity = new MockWebServer();

    private final NetworkRelay relay = new NetworkRelay();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final VaultMisses misses = new VaultMisses(relay, Duration.ofSeconds(30), now::get);
    private VaultCredentialSource vault;
    private final Caller alice = new Caller("alice", "org-1", "r1");
    private final Caller bob = new Caller("bob", "org-1", "r2");
    private final Caller carol = new Caller("carol", "org-2", "r3");

    @BeforeEach
    void vault() {
        vault = new VaultCredentialSource(new OkHttpClient(), identity.url("/"), () -> "service-token", JSON, misses);
    }

    @Test
    void aMissIsReusedPerCallerAndProviderUntilItExpires() {
        missing(3);
        assertThat(vault.find(alice, "sambanova")).isEmpty();
        assertThat(vault.find(alice, "sambanova")).isEmpty();
        assertThat(identity.getRequestCount()).as("asked once").isEqualTo(1);

        assertThat(vault.find(bob, "sambanova")).isEmpty();
        assertThat(vault.find(alice, "huggingface")).isEmpty();
        assertThat(identity.getRequestCount()).as("another caller, another provider: asked").isEqualTo(3);

        now.addAndGet(Duration.ofSeconds(31).toNanos());
        identity.enqueue(key("sn-alice"));
        assertThat(vault.find(alice, "sambanova")).as("expired: asked again").contains(new Credential("sn-alice", CredentialOrigin.USER));
    }

    @Test
    void aNewKeyInTheOrgEndsItsMissesForThatProviderAtOnce() {
        missing(4);
        vault.find(alice, "sambanova");
        vault.find(bob, "sambanova");
        vault.find(alice, "huggingface");
        vault.find(carol, "sambanova");
        assertThat(misses.size()).isEqualTo(4);

        relay.deliver(VaultMisses.CREDENTIAL_CREATED, Map.of("orgId", "org-1", "provider", "sambanova", "orgWide", true));

        assertThat(misses.size()).as("org-1's sambanova misses forgotten; the rest kept").isEqualTo(2);
        identity.enqueue(key("sn-org"));
        assertThat(vault.find(bob, "sambanova")).contains(new Credential("sn-org", CredentialOrigin.USER));
        int asked = identity.getRequestCount();
        vault.find(alice, "huggingface");
        vault.find(carol, "sambanova");
        assertThat(identity.getRequestCount()).isEqualTo(asked);

        relay.deliver(VaultMisses.CREDENTIAL_CREATED, Map.of("unexpected", true));
        assertThat(misses.size()).as("an announcement that cannot be placed forgets everything").isZero();
    }

    @Test
    void nothingIsReusedAcrossADisconnectionOrWhileDisconnected() {
        missing(4);
        vault.find(alice, "sambanova");
        relay.reconnect(); // announcements may have been missed meanwhile
        vault.find(alice, "sambanova");
        assertThat(identity.getRequestCount()).isEqualTo(2);

        relay.connected = false;
        vault.find(bob, "sambanova");
        vault.find(bob, "sambanova");
        assertThat(identity.getRequestCount()).as("nothing remembered while disconnected").isEqualTo(4);
    }

    @Test
    void onlyADefiniteNoIsRemembered() {
        identity.enqueue(new MockResponse.Builder().code(503).body("{}").build());
        identity.enqueue(new MockResponse.Builder().code(404).body("{}").build());
        assertThat(vault.find(alice, "sambanova")).isEmpty();
        assertThat(vault.find(alice, "sambanova")).isEmpty();
        assertThat(identity.getRequestCount()).as("a vault that could not answer is asked again").isEqualTo(2);
        assertThat(misses.size()).isEqualTo(1);

        vault.close();
        assertThat(relay.handlers).as("the subscription ends with the source").isEmpty();
    }

    @Test
    void aNegativeTtlIsRefusedAndZeroMeansAskEveryTime() {
        assertThatThrownBy(() -> new VaultProperties("", Duration.ofSeconds(5), Duration.ofSeconds(-1)))
                .hasMessageContaining("miss-ttl");
        assertThat(new VaultProperties("", Duration.ofSeconds(5), Duration.ZERO).missTtl()).isZero();
    }

    private void missing(int times) {
        for (int i = 0; i < times; i++) {
            identity.enqueue(new MockResponse.Builder().code(404).body("{\"error\":\"Credential not found\"}").build());
        }
    }

    private static MockResponse key(String apiKey) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"apiKey\":\"" + apiKey + "\",\"isOrgWide\":false}").build();
    }

    /** The relay as the vault sees it: registered or not, how often, and events delivered to its subscribers. */
    private static final class NetworkRelay implements Relay {

        final List<Consumer<RelayEvent<JsonNode>>> handlers = new ArrayList<>();
        volatile boolean connected = true;
        volatile int registrations = 1;

        void reconnect() {
            registrations++;
        }

        void deliver(String type, Map<String, Object> data) {
            JsonNode tree = JSON.valueToTree(data);
            Envelope envelope = new Envelope("e1", type, "identity", null, "run-1", null, Boundary.INTER,
                    "2026-11-22T10:00:00Z", tree, "sig");
            List.copyOf(handlers).forEach(handler -> handler.accept(new RelayEvent<>(envelope, tree)));
        }

        @Override
        public String nodeId() {
            return "integrations";
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
            return "id";
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Subscription subscribe(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler) {
            assertThat(typePattern).isEqualTo(VaultMisses.CREDENTIAL_CREATED);
            assertThat(dataType).isEqualTo(JsonNode.class);
            Consumer<RelayEvent<JsonNode>> h = (Consumer<RelayEvent<JsonNode>>) (Consumer<?>) handler;
            handlers.add(h);
            return () -> handlers.remove(h);
        }
    }
}
