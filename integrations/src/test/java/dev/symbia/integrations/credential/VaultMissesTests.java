package dev.symbia.integrations.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.relay.testing.RecordingRelay;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** "No key" answers from the vault are reused only while nothing can have changed them. */
class VaultMissesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @StartStop
    private final MockWebServer identity = new MockWebServer();

    private final RecordingRelay relay = new RecordingRelay("integrations");
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final VaultMisses misses = new VaultMisses(relay, Duration.ofSeconds(30), now::get);
    private VaultCredentialSource vault;
    private final Account alice = new Account("org-1", "alice");
    private final Account bob = new Account("org-1", "bob");
    private final Account carol = new Account("org-2", "carol");

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

        relay.deliver(VaultMisses.CREDENTIAL_CREATED, "identity",
                Map.of("orgId", "org-1", "provider", "sambanova", "orgWide", true));

        assertThat(misses.size()).as("org-1's sambanova misses forgotten; the rest kept").isEqualTo(2);
        identity.enqueue(key("sn-org"));
        assertThat(vault.find(bob, "sambanova")).contains(new Credential("sn-org", CredentialOrigin.USER));
        int asked = identity.getRequestCount();
        vault.find(alice, "huggingface");
        vault.find(carol, "sambanova");
        assertThat(identity.getRequestCount()).isEqualTo(asked);

        relay.deliver(VaultMisses.CREDENTIAL_CREATED, "identity", Map.of("unexpected", true));
        assertThat(misses.size()).as("an announcement that cannot be placed forgets everything").isZero();
    }

    @Test
    void nothingIsReusedAcrossADisconnectionOrWhileDisconnected() {
        missing(4);
        vault.find(alice, "sambanova");
        relay.reregister(); // announcements may have been missed meanwhile
        vault.find(alice, "sambanova");
        assertThat(identity.getRequestCount()).isEqualTo(2);

        relay.connected(false);
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
        assertThat(relay.subscriptionCount()).as("the subscription ends with the source").isZero();
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
}
