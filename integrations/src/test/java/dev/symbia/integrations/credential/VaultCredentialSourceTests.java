package dev.symbia.integrations.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.support.RequestId;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP contract with identity's vault: {@code GET /api/internal/credentials/{userId}/{provider}?orgId=}. */
class VaultCredentialSourceTests {

    @StartStop
    private final MockWebServer identity = new MockWebServer();

    private final Account caller = new Account("org-1", "user-1");
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build();

    private VaultCredentialSource vault(HttpUrl url) {
        return new VaultCredentialSource(http, url, () -> "service-token-abc", JsonMapper.builder().build());
    }

    @Test
    void asksIdentityWithTheServiceTokenAndMapsTheUsersOwnKey() throws Exception {
        identity.enqueue(json(200, "{\"apiKey\":\"sn-user-key\",\"metadata\":{},\"credentialId\":\"c1\",\"isProxy\":false,"
                + "\"ownerId\":\"user-1\",\"isOrgWide\":false}"));

        AtomicReference<Optional<Credential>> lookup = new AtomicReference<>();
        RequestId.run("req-42", () -> lookup.set(vault(identity.url("/")).find(caller, "sambanova")));
        Optional<Credential> found = lookup.get();

        assertThat(found).contains(new Credential("sn-user-key", CredentialOrigin.USER));
        RecordedRequest request = identity.takeRequest(2, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/internal/credentials/user-1/sambanova");
        assertThat(request.getUrl().queryParameter("orgId")).isEqualTo("org-1");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer service-token-abc");
        assertThat(request.getHeaders().get("X-Service-Id")).isEqualTo("integrations");
        assertThat(request.getHeaders().get("X-Org-Id")).isEqualTo("org-1");
        assertThat(request.getHeaders().get("X-Request-Id")).isEqualTo("req-42");
    }

    @Test
    void orgWideKeyIsMarkedAsSuch() {
        identity.enqueue(json(200, "{\"apiKey\":\"sn-org-key\",\"isProxy\":true,\"ownerId\":\"admin-9\",\"isOrgWide\":true}"));

        assertThat(vault(identity.url("/")).find(caller, "sambanova"))
                .contains(new Credential("sn-org-key", CredentialOrigin.ORG));
    }

    @Test
    void nothingWhenIdentityHasNoKeyOrCannotAnswer() throws Exception {
        identity.enqueue(json(404, "{\"error\":\"Credential not found\"}"));
        identity.enqueue(json(500, "{\"error\":\"boom\"}"));
        identity.enqueue(json(401, "{\"error\":\"invalid service token\"}"));
        identity.enqueue(json(200, "{\"apiKey\":\"\"}"));
        VaultCredentialSource vault = vault(identity.url("/"));

        for (int i = 0; i < 4; i++) {
            assertThat(vault.find(caller, "huggingface")).as("answer %d", i).isEmpty();
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(vault(HttpUrl.get("http://127.0.0.1:" + closedPort)).find(caller, "huggingface")).isEmpty();
    }

    @Test
    void credentialsNeverPrintTheirKey() {
        assertThat(new Credential("sn-secret-value", CredentialOrigin.USER).toString())
                .doesNotContain("sn-secret-value").contains("USER");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }
}
