package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ServiceTokenClientTests {

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ServiceTokenClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        String base = server.url("/").toString();
        client = new ServiceTokenClient(new OkHttpClient(), base.substring(0, base.length() - 1), "messaging",
                "s3cret", clock, JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse token(String value) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"token\":\"" + value + "\",\"tokenType\":\"Bearer\",\"expiresIn\":300}").build();
    }

    @Test
    void fetchesOnceAndRenewsBeforeExpiry() throws Exception {
        server.enqueue(token("t1"));
        server.enqueue(token("t2"));
        assertThat(client.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(200));
        assertThat(client.token()).isEqualTo("t1");
        assertThat(server.getRequestCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(45)); // 55 s left: inside the renewal margin
        assertThat(client.token()).isEqualTo("t2");
        var first = server.takeRequest();
        assertThat(first.getUrl().encodedPath()).isEqualTo("/api/auth/service-token");
        assertThat(first.getBody().utf8()).contains("\"serviceId\":\"messaging\"").contains("\"secret\":\"s3cret\"");
    }

    @Test
    void refusalIsReportedWithoutTheBody() {
        server.enqueue(new MockResponse.Builder().code(401).body("secret-echo").build());
        assertThatThrownBy(client::token).isInstanceOf(AuthUnavailableException.class)
                .hasMessageNotContaining("secret-echo");
    }
}
