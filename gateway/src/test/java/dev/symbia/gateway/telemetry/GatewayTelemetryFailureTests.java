package dev.symbia.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.gateway.support.Upstreams;
import dev.symbia.telemetry.TelemetryCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Export on, but identity refuses connections and so does the collector: requests are answered as
 * ever, and the credentials answer "none" rather than failing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "INTERNAL_SERVICE_SECRET=some-secret",
        "GATEWAY_TELEMETRY_EXPORT=true",
        "symbia.auth.identity-url=http://127.0.0.1:1",
        "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:1",
        // Rate limits stay on (their default): they bind the same symbia.auth.* settings.
        "GATEWAY_RATE_LIMIT_CAPACITY=1000",
        "management.opentelemetry.tracing.export.schedule-delay=50ms"
})
class GatewayTelemetryFailureTests {

    private static final Upstreams UPSTREAMS = Upstreams.startAll();

    @LocalServerPort
    int port;

    @Autowired
    TelemetryCredentials credentials;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @Test
    void requestsDoNotNoticeThatExportsFail() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/messaging/conversations"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            Thread.sleep(25);
        }
        assertThat(credentials.headers()).isEmpty();
    }
}
