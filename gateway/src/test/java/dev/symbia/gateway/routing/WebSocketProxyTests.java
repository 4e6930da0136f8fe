package dev.symbia.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.Upstreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WebSockets through the gateway to a stand-in for the network service's relay socket that behaves like
 * a Spring service: a handshake without a valid caller is refused with a 401 problem, and a handshake
 * whose {@code Origin} is not the service's own origin is refused with 403 (Spring's default).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "symbia.gateway.rate-limit.enabled=false",
        "symbia.gateway.health.cache-ttl=0s"
})
class WebSocketProxyTests {

    private static final String TOKEN = "Bearer relay-token";
    private static final String UNAUTHENTICATED = "{\"type\":\"https://symbia.dev/problems/unauthenticated\","
            + "\"title\":\"Unauthenticated\",\"status\":401,\"detail\":\"A valid caller is required.\",\"code\":\"unauthenticated\"}";
    private static final AtomicReference<String> seenOrigin = new AtomicReference<>();
    private static volatile CompletableFuture<Integer> closeSeen = new CompletableFuture<>();
    private static final DisposableServer NETWORK = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/api/ws", (request, response) -> {
                String origin = request.requestHeaders().get("Origin");
                seenOrigin.set(origin == null ? "<none>" : origin);
                boolean queryToken = request.uri().endsWith("?access_token=relay%2Dtoken");
                if (!TOKEN.equals(request.requestHeaders().get("Authorization")) && !queryToken) {
                    return response.status(401).header("Content-Type", "application/problem+json")
                            .sendString(Mono.just(UNAUTHENTICATED)).then();
                }
                // Like a service that honours the gateway's X-Forwarded-Host (Spring's same-origin check).
                String forwarded = request.requestHeaders().get("X-Forwarded-Host");
                String host = forwarded != null ? forwarded : request.requestHeaders().get("Host");
                if (origin != null && !URI.create(origin).getAuthority().equals(host)) {
                    return response.status(403).send().then();
                }
                return response.sendWebsocket((in, out) -> {
                    in.receiveCloseStatus().subscribe(status -> closeSeen.complete(status.code()));
                    return in.receive().asString()
                            .concatMap(text -> text.equals("bye")
                                    ? out.sendClose(4000, "done")
                                    : out.sendString(Mono.just("echo:" + text)).then())
                            .then();
                });
            }))
            .bindNow();
    private static final Upstreams UPSTREAMS = Upstreams.start(Map.of(SymbiaService.NETWORK,
            URI.create("http://127.0.0.1:" + NETWORK.port())));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @AfterAll
    static void stop() {
        NETWORK.disposeNow();
    }

    @BeforeEach
    void reset() {
        seenOrigin.set(null);
        closeSeen = new CompletableFuture<>();
    }

    @Test
    void aRelayWithoutOriginConnectsAndExchangesFrames() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/network/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);

        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo:hello");
        assertThat(seenOrigin.get()).as("no Origin invented on the client's behalf").isEqualTo("<none>");
        socket.abort();
    }

    @Test
    void aTokenInTheQueryReachesTheServiceAsSent() throws Exception {
        Raw accepted = handshake("/api/network/ws?access_token=relay%2Dtoken", null);

        assertThat(accepted.status()).isEqualTo(101);
    }

    @Test
    void theClientsCloseCodeReachesTheService() throws Exception {
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/network/ws"), new WebSocket.Listener() {
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendClose(4001, "leaving").get(5, TimeUnit.SECONDS);

        assertThat(closeSeen.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
    }

    @Test
    void theServiceClosingClosesTheClientsSocket() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/network/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("bye", true).get(5, TimeUnit.SECONDS);

        // The bridge passes the service's close code on; the stand-in's code does not survive reactor-netty's
        // server side even without the gateway (the JDK client sees 1005 there too), so only the close is asserted.
        assertThat(closed.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aServiceThatDoesNotSwitchProtocolsIsABadGatewayProblem() throws Exception {
        // The catalog stand-in is a plain HTTP server: it answers the upgrade with 200 and JSON.
        Raw answer = handshake("/api/catalog/ws", TOKEN);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(JsonMapper.builder().build().readTree(answer.body()).path("code").asString()).isEqualTo("bad-gateway");
    }

    @Test
    void aRefusedHandshakeIsTheServicesProblemNotASwitchThenAClose() throws Exception {
        Raw refused = handshake("/api/network/ws", null);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.head()).containsIgnoringCase("content-type: application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(refused.body());
        assertThat(problem.path("code").asString()).isEqualTo("unauthenticated");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
    }

    @Test
    void aWrongTokenIsRefusedAsWell() throws Exception {
        Raw refused = handshake("/api/network/ws", "Bearer someone-else");

        assertThat(refused.status()).isEqualTo(401);
        // The status line, not the whole head: a random X-Request-Id may contain "101".
        assertThat(refused.head()).doesNotStartWith("HTTP/1.1 101").doesNotContainIgnoringCase("upgrade: websocket");
    }

    @Test
    void aRefusalWithoutABodyBecomesAProblem() throws Exception {
        // A browser origin the gateway's CORS allows (localhost outside production) but the service does not:
        // the stand-in refuses it with a bare 403, as Spring does.
        Raw refused = handshake("/api/network/ws", TOKEN, "Origin: http://localhost:3000");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(JsonMapper.builder().build().readTree(refused.body()).path("status").asInt()).isEqualTo(403);
    }

    private record Raw(int status, String head, String body) {
    }

    /** A WebSocket handshake over a raw socket: what the client really gets before any frame. */
    private Raw handshake(String path, String authorization, String... extra) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            if (authorization != null) {
                request.append("Authorization: ").append(authorization).append("\r\n");
            }
            for (String line : extra) {
                request.append(line).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String raw = readResponse(socket.getInputStream());
            int split = raw.indexOf("\r\n\r\n");
            String head = split >= 0 ? raw.substring(0, split) : raw;
            return new Raw(Integer.parseInt(head.split(" ")[1]), head, split >= 0 ? raw.substring(split + 4) : "");
        }
    }

    /** Reads the head and, by Content-Length, the body; a 101 has none (frames would follow). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            bytes.write(b);
            if (bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String head = bytes.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (head.startsWith("HTTP/1.1 101")) {
            return head;
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
