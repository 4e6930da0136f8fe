package dev.symbia.gateway.ratelimit;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.Upstreams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A bucket of three that practically never refills, so the fourth request from this client is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "GATEWAY_RATE_LIMIT_CAPACITY=3",
        "GATEWAY_RATE_LIMIT_REFILL_PER_SECOND=0.001",
        "symbia.gateway.health.cache-ttl=0s"
})
class RateLimitTests {

    private static final Upstreams UPSTREAMS = Upstreams.startAll();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @Test
    void burstOverTheCapacityIs429WithRetryAfterAndHealthStaysReachable() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // A forged X-Forwarded-For must not buy a fresh bucket (no proxy is trusted here).
            statuses.add(send("/api/catalog/resources", "198.51.100." + i).statusCode());
        }
        HttpResponse<String> refused = send("/api/catalog/resources", "198.51.100.99");

        assertThat(statuses).containsOnly(200);
        assertProblem(refused, 429, "rate-limited");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
        assertThat(UPSTREAMS.get(SymbiaService.CATALOG).requestCount()).isEqualTo(3);

        assertThat(send("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(send("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(send("/api/health", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String path, String forwardedFor) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
