package dev.symbia.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service with symbia-telemetry ships its traces and logs over OTLP to the configured endpoint
 * (a local collector stand-in here), continues the caller's W3C trace, and sends no secrets.
 */
@SpringBootTest(classes = TelemetryExportTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=telemetry-test", "symbia.telemetry.export.enabled=true",
                "management.opentelemetry.tracing.export.schedule-delay=200ms"})
class TelemetryExportTests {

    private static final String SECRET = "sk_" + "a1b2c3d4e5f60718".repeat(4);
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer COLLECTOR = startCollector();

    record Received(String path, byte[] body, String authorization) {
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        COLLECTOR.stop(0);
    }

    @Test
    void tracesAndLogsReachTheCollectorContinuingTheTraceWithoutSecrets() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/login?apikey=" + SECRET))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(bodiesFor("/v1/traces")).as("received %s", RECEIVED.stream().map(Received::path).toList()).isNotEmpty();
            assertThat(bodiesFor("/v1/logs")).anySatisfy(body -> assertThat(body).contains("login attempt for bob"));
        });
        byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
        assertThat(RECEIVED).filteredOn(r -> r.path().equals("/v1/traces"))
                .anySatisfy(r -> assertThat(indexOf(r.body(), traceIdBytes)).isNotNegative());
        for (Received received : RECEIVED) {
            String text = new String(received.body(), StandardCharsets.ISO_8859_1);
            assertThat(text).as(received.path()).doesNotContain(SECRET).doesNotContain("hunter2");
        }
        assertThat(bodiesFor("/v1/traces")).anySatisfy(body -> assertThat(body).contains("telemetry-test"));
        // Exports authenticate with whatever TelemetryCredentials supplies (the service token in services).
        assertThat(RECEIVED).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer export-token"));
    }

    private static List<String> bodiesFor(String path) {
        return RECEIVED.stream().filter(r -> r.path().equals(path))
                .map(r -> new String(r.body(), StandardCharsets.ISO_8859_1)).toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static HttpServer startCollector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                RECEIVED.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestBody().readAllBytes(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootApplication
    static class App {

        @org.springframework.context.annotation.Bean
        TelemetryCredentials exportCredentials() {
            return () -> Map.of("Authorization", "Bearer export-token");
        }

        @RestController
        static class LoginController {
            private static final Logger log = LoggerFactory.getLogger(LoginController.class);

            @GetMapping("/api/login")
            Map<String, String> login() {
                log.info("login attempt for bob password=hunter2 key {}", SECRET);
                return Map.of("ok", "true");
            }
        }
    }
}
