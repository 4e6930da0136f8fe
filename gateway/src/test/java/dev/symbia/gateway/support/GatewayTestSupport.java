package dev.symbia.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway on a random port in front of nine fake services. Test classes extending this share one
 * application context (and one set of fakes), reset before each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "CORS_ALLOWED_ORIGINS=https://app.example.com",
        "symbia.gateway.rate-limit.enabled=false",
        "symbia.gateway.body-limit.max-size=1KB",
        "symbia.gateway.health.cache-ttl=0s",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s"
})
public abstract class GatewayTestSupport {

    // Started once for the test JVM: the cached application context keeps pointing at them.
    protected static final Upstreams UPSTREAMS = Upstreams.startAll();

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @BeforeEach
    void resetUpstreams() {
        UPSTREAMS.resetAll();
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    protected static JsonNode json(String body) {
        return JSON.readTree(body);
    }
}
