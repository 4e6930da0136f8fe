package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IntrospectionApiKeyVerifierTests {

    private static final String KEY = "sk_" + "ab".repeat(32);
    private static final String ACTIVE = """
            {"active":true,"token_type":"api_key","typ":"user","sub":"u1","key_id":"key-1","org":"orgA",
             "orgs":{"orgA":"member"},"caps":["cap:catalog.read"],"sa":true,"name":"Ada"}""";

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private IntrospectionApiKeyVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        server.start();
        verifier = new IntrospectionApiKeyVerifier(new OkHttpClient(), server.url("/api/auth/introspect").toString(),
                Duration.ofMinutes(5), clock, JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void mapsAnActiveKeyToItsPrincipal() throws Exception {
        server.enqueue(json(ACTIVE));
        SymbiaPrincipal principal = verifier.verify(KEY).orElseThrow();
        assertThat(principal.id()).isEqualTo("u1");
        assertThat(principal.method()).isEqualTo(AuthMethod.API_KEY);
        assertThat(principal.credentialId()).isEqualTo("key-1");
        assertThat(principal.orgId()).isEqualTo("orgA");
        assertThat(principal.caps()).containsExactly("cap:catalog.read");
        assertThat(principal.superAdmin()).as("an API key never carries super admin").isFalse();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getBody().utf8()).contains(KEY);
    }

    @Test
    void cachesForAtMostThirtySeconds() throws Exception {
        server.enqueue(json(ACTIVE));
        server.enqueue(json("{\"active\":false}"));
        assertThat(verifier.verify(KEY)).isPresent();
        clock.advance(Duration.ofSeconds(29));
        assertThat(verifier.verify(KEY)).as("still cached").isPresent();
        assertThat(server.getRequestCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(verifier.verify(KEY)).as("revocation seen after the TTL, although 5 min were configured").isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void inactiveAndNonKeyAnswersAreRejected() throws Exception {
        server.enqueue(json("{\"active\":false}"));
        assertThat(verifier.verify(KEY)).isEmpty();
        server.enqueue(json(ACTIVE.replace("\"api_key\"", "\"Bearer\"")));
        assertThat(verifier.verify("sk_other")).isEmpty();
    }

    @Test
    void identityFailureIsUnavailableNotInvalid() {
        server.enqueue(new MockResponse.Builder().code(500).build());
        assertThatThrownBy(() -> verifier.verify(KEY)).isInstanceOf(AuthUnavailableException.class);
    }
}
