package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.symbia.test.MutableClock;
import dev.symbia.test.auth.TestIdentity;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import org.awaitility.Awaitility;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteJwksTests {

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ECKey k1 = TestIdentity.newKey("k1");
    private final ECKey k2 = TestIdentity.newKey("k2");
    private RemoteJwks jwks;

    @BeforeEach
    void start() throws Exception {
        server.start();
        jwks = new RemoteJwks(new OkHttpClient(), server.url("/.well-known/jwks.json").toString(),
                Duration.ofSeconds(10), Duration.ofMinutes(10), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void fetchesLazilyAndCaches() throws Exception {
        assertThat(server.getRequestCount()).as("nothing fetched at construction").isZero();
        server.enqueue(json(TestIdentity.jwks(k1)));
        assertThat(jwks.find("k1")).hasValueSatisfying(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(jwks.find("k1")).isPresent();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/.well-known/jwks.json");
    }

    @Test
    void refetchesOnUnknownKidAfterRotation() {
        server.enqueue(json(TestIdentity.jwks(k1)));
        assertThat(jwks.find("k1")).isPresent();
        clock.advance(Duration.ofSeconds(11));
        server.enqueue(json(TestIdentity.jwks(k1, k2)));
        assertThat(jwks.find("k2")).isPresent();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void doesNotHammerIdentityWithUnknownKids() {
        server.enqueue(json(TestIdentity.jwks(k1)));
        server.enqueue(json(TestIdentity.jwks(k1)));
        assertThat(jwks.find("k1")).isPresent();
        for (int i = 0; i < 20; i++) {
            assertThat(jwks.find("invented-" + i)).isEmpty();
        }
        // Nimbus's rate limit lets two fetches through per interval: the first one and one for a new kid.
        assertThat(server.getRequestCount()).as("at most two fetches per refresh interval").isEqualTo(2);
    }

    @Test
    void refreshesAheadOfExpiryInTheBackground() {
        server.enqueue(json(TestIdentity.jwks(k1)));
        assertThat(jwks.find("k1")).isPresent();
        clock.advance(Duration.ofMinutes(10).minusSeconds(20));
        server.enqueue(json(TestIdentity.jwks(k1, k2)));

        assertThat(jwks.find("k1")).as("answered from memory while the refresh runs").isPresent();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> jwks.find("k1").isPresent() && jwks.isCached("k2"));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void keepsServingTheLastKeysWhileIdentityIsDown() {
        server.enqueue(json(TestIdentity.jwks(k1)));
        assertThat(jwks.find("k1")).isPresent();
        clock.advance(Duration.ofMinutes(11));
        server.enqueue(new MockResponse.Builder().code(503).build());
        assertThat(jwks.find("k1")).as("outage tolerance: the keys identity last published").isPresent();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void isCachedOnlyForFetchedKeysUntilTheyAge() {
        assertThat(jwks.isCached("k1")).isFalse();
        server.enqueue(json(TestIdentity.jwks(k1)));
        assertThat(jwks.find("k1")).isPresent();
        assertThat(jwks.isCached("k1")).isTrue();
        assertThat(jwks.isCached("k2")).isFalse();
        clock.advance(Duration.ofMinutes(11));
        assertThat(jwks.isCached("k1")).as("older than max age: a lookup would fetch").isFalse();
        assertThat(server.getRequestCount()).as("isCached never fetches").isEqualTo(1);
    }

    @Test
    void refusesAnOversizedDocument() {
        server.enqueue(json("{\"keys\":[],\"pad\":\"" + "x".repeat(RemoteJwks.MAX_DOCUMENT_BYTES) + "\"}"));
        assertThat(jwks.find("k1")).isEmpty();
    }

    @Test
    void survivesIdentityBeingDownAndRecovers() {
        server.enqueue(new MockResponse.Builder().code(503).build());
        assertThat(jwks.find("k1")).isEmpty();
        clock.advance(Duration.ofSeconds(11));
        server.enqueue(json(TestIdentity.jwks(k1)));
        assertThat(jwks.find("k1")).isPresent();
    }

    @Test
    void refreshesAfterMaxAgeSoRetiredKeysDisappear() {
        server.enqueue(json(TestIdentity.jwks(k1, k2)));
        assertThat(jwks.find("k1")).isPresent();
        clock.advance(Duration.ofMinutes(11));
        server.enqueue(json(TestIdentity.jwks(k2)));
        assertThat(jwks.find("k1")).isEmpty();
        assertThat(jwks.find("k2")).isPresent();
    }
}
