package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.auth.telemetry.ServiceTokenTelemetryCredentials;
import dev.symbia.core.ServiceCallers;
import dev.symbia.test.MutableClock;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transport-agnostic core of {@link ServiceTokenClient} over the JDK's HttpClient, as the gateway
 * (no OkHttp) uses it, and the telemetry credentials built on it.
 */
class ServiceTokensTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ServiceTokens tokens;

    @BeforeEach
    void start() throws Exception {
        server.start();
        tokens = tokensAt(base(), ServiceCallers.GATEWAY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String base() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    private ServiceTokens tokensAt(String identityUrl, String serviceId) {
        return new ServiceTokens(ServiceTokens.jdkTransport(http, Duration.ofSeconds(2)), identityUrl, serviceId,
                "s3cret", clock, JSON);
    }

    private static MockResponse token(String value) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"token\":\"" + value + "\",\"tokenType\":\"Bearer\",\"expiresIn\":300}").build();
    }

    @Test
    void exchangesTheGatewaysIdAndSecretOnceAndRenewsBeforeExpiry() throws Exception {
        server.enqueue(token("t1"));
        server.enqueue(token("t2"));
        assertThat(tokens.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(200));
        assertThat(tokens.token()).isEqualTo("t1");
        assertThat(server.getRequestCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(45)); // 55 s left: inside the renewal margin
        assertThat(tokens.token()).isEqualTo("t2");

        var first = server.takeRequest();
        assertThat(first.getMethod()).isEqualTo("POST");
        assertThat(first.getUrl().encodedPath()).isEqualTo("/api/auth/service-token");
        assertThat(first.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(first.getBody().utf8()).contains("\"serviceId\":\"gateway\"").contains("\"secret\":\"s3cret\"");
        assertThat(tokens.serviceId()).isEqualTo("gateway");
    }

    @Test
    void invalidateFetchesAgain() throws Exception {
        server.enqueue(token("t1"));
        server.enqueue(token("t2"));
        assertThat(tokens.token()).isEqualTo("t1");
        tokens.invalidate();
        assertThat(tokens.token()).isEqualTo("t2");
    }

    @Test
    void refusalAndJunkAreReportedWithoutTheBody() {
        server.enqueue(new MockResponse.Builder().code(401).body("secret-echo s3cret").build());
        assertThatThrownBy(tokens::token).isInstanceOf(AuthUnavailableException.class)
                .hasMessageContaining("401").hasMessageNotContaining("secret-echo").hasMessageNotContaining("s3cret");
        server.enqueue(new MockResponse.Builder().code(200).body("not json s3cret").build());
        assertThatThrownBy(tokens::token).isInstanceOf(AuthUnavailableException.class).hasMessageNotContaining("s3cret");
        server.enqueue(new MockResponse.Builder().code(200).body("{\"token\":\"t\",\"expiresIn\":0}").build());
        assertThatThrownBy(tokens::token).isInstanceOf(AuthUnavailableException.class);
    }

    @Test
    void anUnreachableIdentityIsAuthUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServiceTokens unreachable = tokensAt("http://127.0.0.1:" + closedPort, ServiceCallers.GATEWAY);
        assertThatThrownBy(unreachable::token).isInstanceOf(AuthUnavailableException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void telemetryCredentialsSendTheTokenAsABearerHeader() {
        server.enqueue(token("gateway-token"));
        ServiceTokenTelemetryCredentials credentials = new ServiceTokenTelemetryCredentials(tokens);
        assertThat(credentials.headers()).isEqualTo(Map.of("Authorization", "Bearer gateway-token"));
        assertThat(credentials.headers()).as("cached").isEqualTo(Map.of("Authorization", "Bearer gateway-token"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void telemetryCredentialsAreEmptyNotFailingWhenIdentityRefuses() {
        server.enqueue(new MockResponse.Builder().code(401).build());
        assertThat(new ServiceTokenTelemetryCredentials(tokens).headers()).isEmpty();
    }

    @Test
    void theOkHttpClientSharesTheSameCore() throws Exception {
        server.enqueue(token("t1"));
        ServiceTokenClient client = new ServiceTokenClient(new okhttp3.OkHttpClient(), base(), "messaging", "s3cret", clock, JSON);
        assertThat(client.token()).isEqualTo("t1");
        assertThat(client.tokens().token()).as("one cache").isEqualTo("t1");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
