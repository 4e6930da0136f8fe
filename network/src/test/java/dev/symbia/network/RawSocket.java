package dev.symbia.network;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare protocol client, for sending what a well-behaved relay never would. */
final class RawSocket implements AutoCloseable {

    private static final OkHttpClient CLIENT = new OkHttpClient();
    private final JsonMapper mapper = JsonMapper.builder().build();
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> handshakeStatus = new CompletableFuture<>();
    /** The extensions the server accepted (OkHttp asks for permessage-deflate); "" when none. */
    final CompletableFuture<String> extensions = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    RawSocket(int port, Map<String, String> headers) {
        this(port, "", headers);
    }

    /** With a query string, e.g. {@code ?token=…} (how clients that cannot set handshake headers authenticate). */
    RawSocket(int port, String query, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url("http://localhost:" + port + "/api/ws" + query);
        headers.forEach(request::header);
        socket = CLIENT.newWebSocket(request.build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                extensions.complete(response.header("Sec-WebSocket-Extensions", ""));
                handshakeStatus.complete(response.code());
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                frames.add(mapper.readTree(text));
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                closed.complete(code);
                webSocket.close(1000, null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                handshakeStatus.complete(response == null ? -1 : response.code());
                closed.complete(-1);
            }
        });
    }

    void send(String frame) {
        socket.send(frame);
    }

    /** The next frame passing the predicate (others are skipped), within the timeout. */
    JsonNode await(Predicate<JsonNode> predicate, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && predicate.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + timeout);
    }

    JsonNode awaitOp(String op) throws InterruptedException {
        return await(frame -> op.equals(frame.path("op").asString("")), Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        socket.close(1000, null);
    }
}
