package dev.symbia.gateway.health;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.Upstreams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Models is not running at all (nothing listens on its port); runtime runs but is not ready. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "symbia.gateway.health.cache-ttl=0s",
        "symbia.gateway.health.timeout=1s"
})
class PlatformDownTests {

    private static final Upstreams UPSTREAMS = Upstreams.start(Map.of(SymbiaService.MODELS, closedPort()));

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
        UPSTREAMS.get(SymbiaService.RUNTIME).behave((exchange, request) -> FakeService.json(exchange, 503, "{\"status\":\"DOWN\"}"));
    }

    @AfterAll
    static void stopFakes() {
        for (SymbiaService service : SymbiaService.values()) {
            if (service != SymbiaService.MODELS) {
                UPSTREAMS.get(service).close();
            }
        }
    }

    @Test
    void anyServiceDownIs503WithThatServiceMarkedDown() throws Exception {
        HttpResponse<String> response = get("/api/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.path("status").asString()).isEqualTo("down");
        for (SymbiaService service : SymbiaService.values()) {
            JsonNode entry = body.path("services").path(service.id());
            String expected = service == SymbiaService.MODELS || service == SymbiaService.RUNTIME ? "down" : "up";
            assertThat(entry.path("status").asString()).as(service.id()).isEqualTo(expected);
            assertThat(entry.path("latencyMs").isIntegralNumber()).as(service.id()).isTrue();
        }
    }

    @Test
    void requestToAServiceThatIsNotRunningIsA503Problem() throws Exception {
        HttpResponse<String> response = get("/api/models/models");

        JsonNode problem = assertProblem(response, 503, "unavailable");
        assertThat(problem.path("detail").asString()).contains("models").doesNotContain("127.0.0.1");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
