package dev.symbia.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.core.ServiceCallers;
import dev.symbia.core.SymbiaService;
import dev.symbia.core.TraceParent;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.Upstreams;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With export on (as it is by default once INTERNAL_SERVICE_SECRET is set; tests turn it on
 * explicitly since they export nothing by default): the gateway's spans and the traceparent it
 * forwards belong to one trace, the forwarded parent is the gateway's own span (so the service's
 * spans hang under the gateway's), and the OTLP exports to logging carry the gateway's service token,
 * exchanged at identity (TestIdentity here) as {@code gateway}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Service tokens come from libs/test's TestIdentity (symbia.auth.identity-url), which issues them as identity does.
        "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}",
        "GATEWAY_TELEMETRY_EXPORT=true",
        "symbia.gateway.rate-limit.enabled=false",
        "symbia.gateway.health.cache-ttl=0s",
        "management.opentelemetry.tracing.export.schedule-delay=100ms"
})
@Import(GatewayTracingTests.Spans.class)
class GatewayTracingTests {

    private static final Upstreams UPSTREAMS = Upstreams.startAll();
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    /** What reached logging's fake on /v1/*. */
    private static final List<FakeService.Received> EXPORTS = new CopyOnWriteArrayList<>();

    static {
        UPSTREAMS.get(SymbiaService.LOGGING).behave((exchange, request) -> {
            EXPORTS.add(request);
            exchange.sendResponseHeaders(200, -1);
        });
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return SPANS;
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
        registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", () -> UPSTREAMS.get(SymbiaService.LOGGING).url().toString());
    }

    @BeforeEach
    void drainMessaging() {
        while (UPSTREAMS.get(SymbiaService.MESSAGING).pollRequest(Duration.ZERO) != null) {
            // requests of an earlier test
        }
    }

    @Test
    void theForwardedTraceparentIsTheGatewaysSpanInANewTrace() throws Exception {
        send(request("/api/messaging/conversations").GET().build());

        TraceParent forwarded = forwardedTraceparent();
        List<SpanData> trace = awaitSpansOf(forwarded.traceId(), forwarded.parentId());
        SpanData server = serverSpan(trace);
        assertThat(server.getParentSpanContext().isValid()).as("a new trace starts at the gateway").isFalse();
        assertParentIsTheGateway(trace, server, forwarded);
    }

    @Test
    void theCallersTraceIsContinuedAndTheForwardedParentIsStillTheGatewaysSpan() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        send(request("/api/messaging/conversations")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET().build());

        TraceParent forwarded = forwardedTraceparent();
        assertThat(forwarded.traceId()).isEqualTo(traceId);
        assertThat(forwarded.parentId()).isNotEqualTo("00f067aa0ba902b7");
        List<SpanData> trace = awaitSpansOf(traceId, forwarded.parentId());
        SpanData server = serverSpan(trace);
        assertThat(server.getParentSpanId()).as("the gateway's span continues the caller's").isEqualTo("00f067aa0ba902b7");
        assertParentIsTheGateway(trace, server, forwarded);
    }

    @Test
    void exportsReachLoggingWithTheGatewaysServiceToken() throws Exception {
        send(request("/api/messaging/conversations").GET().build());
        TraceParent forwarded = forwardedTraceparent();
        byte[] traceId = HexFormat.of().parseHex(forwarded.traceId());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(EXPORTS)
                .filteredOn(r -> r.rawPath().equals("/v1/traces"))
                .anySatisfy(r -> assertThat(indexOf(r.body(), traceId)).isNotNegative()));
        List<String> authorizations = EXPORTS.stream().map(r -> r.header("Authorization")).distinct().toList();
        assertThat(authorizations).as("one token for every export until it nears expiry").hasSize(1);
        assertThat(authorizations.getFirst()).startsWith("Bearer ");
        JWTClaimsSet token = SignedJWT.parse(authorizations.getFirst().substring("Bearer ".length())).getJWTClaimsSet();
        assertThat(token.getSubject()).isEqualTo(ServiceCallers.GATEWAY);
        assertThat(token.getStringClaim("typ")).isEqualTo("service");
        assertThat(EXPORTS).filteredOn(r -> r.rawPath().equals("/v1/traces"))
                .anySatisfy(r -> assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).contains("gateway"));
    }

    private void assertParentIsTheGateway(List<SpanData> trace, SpanData server, TraceParent forwarded) {
        SpanData parent = trace.stream().filter(s -> s.getSpanId().equals(forwarded.parentId())).findFirst().orElseThrow();
        // The forwarded parent is the gateway's server span or a span under it (the proxy call's client span).
        List<String> chain = new ArrayList<>();
        Optional<SpanData> current = Optional.of(parent);
        while (current.isPresent() && !current.get().getSpanId().equals(server.getSpanId())) {
            chain.add(current.get().getName());
            String up = current.get().getParentSpanId();
            current = trace.stream().filter(s -> s.getSpanId().equals(up)).findFirst();
        }
        assertThat(current).as("the forwarded parent %s descends from the gateway's server span", chain).isPresent();
        assertThat(forwarded.flags()).isEqualTo("01");
    }

    private static SpanData serverSpan(List<SpanData> trace) {
        return trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
                .orElseThrow(() -> new AssertionError("no server span in " + trace));
    }

    /** The spans of the trace, once the one the service was told is its parent has ended and been exported. */
    private static List<SpanData> awaitSpansOf(String traceId, String parentId) {
        List<SpanData> trace = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            trace.clear();
            SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).forEach(trace::add);
            assertThat(trace).as("spans of %s", traceId).anySatisfy(s -> assertThat(s.getSpanId()).isEqualTo(parentId));
            assertThat(trace).anySatisfy(s -> assertThat(s.getKind()).isEqualTo(SpanKind.SERVER));
        });
        return trace;
    }

    private static TraceParent forwardedTraceparent() {
        FakeService.Received received = UPSTREAMS.get(SymbiaService.MESSAGING).takeRequest();
        return TraceParent.parse(received.header("traceparent"))
                .orElseThrow(() -> new AssertionError("no valid traceparent: " + received.header("traceparent")));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
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
}
