package dev.symbia.messaging.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A bare client of the live socket: every frame it receives, in order. */
final class LiveSocket implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final OkHttpClient CLIENT = new OkHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every frame received, in order; {@link #await} consumes from {@link #pending}. */
    final List<JsonNode> all = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<JsonNode> pending = new LinkedBlockingQueue<>();
    final CompletableFuture<Response> handshake = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final CompletableFuture<String> handshakeBody = new CompletableFuture<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final WebSocket socket;
    /** While held, the client stops reading (a slow consumer). */
    volatile CountDownLatch stall;

    LiveSocket(int port, String query, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url("http://localhost:" + port + "/api/ws" + query);
        headers.forEach(request::header);
        socket = CLIENT.newWebSocket(request.build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                handshake.complete(response);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                CountDownLatch hold = stall;
                if (hold != null) {
                    try {
                        hold.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                JsonNode frame = JSON.readTree(text);
                all.add(frame);
                pending.add(frame);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                closed.complete(code);
                webSocket.close(1000, null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                try {
                    handshakeBody.complete(response == null || response.body() == null ? "" : response.body().string());
                } catch (Exception e) {
                    handshakeBody.complete("");
                }
                handshake.complete(response);
                closed.complete(-1);
            }
        });
    }

    static LiveSocket bearer(int port, String token) {
        return new LiveSocket(port, "", Map.of("Authorization", "Bearer " + token));
    }

    /** Connected, with the server's subscriptions in place (the server handles frames only after that). */
    LiveSocket ready() throws Exception {
        Response response = handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (response == null || response.code() != 101) {
            throw new AssertionError("handshake answered " + (response == null ? "nothing" : response.code()));
        }
        JsonNode ack = request("ping", null);
        if (!ack.path("data").path("success").booleanValue()) {
            throw new AssertionError("ping not acknowledged: " + ack);
        }
        return this;
    }

    void sendRaw(String text) {
        socket.send(text);
    }

    /** Sends an event with a fresh ack number and returns the server's ack. */
    JsonNode request(String event, Object data) throws InterruptedException {
        int ack = acks.incrementAndGet();
        ObjectNode frame = JSON.createObjectNode().put("event", event).put("ack", ack);
        frame.set("data", JSON.valueToTree(data));
        socket.send(JSON.writeValueAsString(frame));
        return await(f -> f.path("ack").isNumber() && f.path("ack").intValue() == ack);
    }

    /** Sends an event without an ack. */
    void emit(String event, Object data) {
        ObjectNode frame = JSON.createObjectNode().put("event", event);
        frame.set("data", JSON.valueToTree(data));
        socket.send(JSON.writeValueAsString(frame));
    }

    /** The next frame passing the predicate (others are skipped but kept in {@link #all}). */
    JsonNode await(Predicate<JsonNode> predicate) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = pending.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && predicate.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + WAIT + "; got " + all);
    }

    JsonNode awaitEvent(String name) throws InterruptedException {
        return await(f -> name.equals(f.path("event").asString("")));
    }

    /** Frames received so far with that event name. */
    List<JsonNode> events(String name) {
        synchronized (all) {
            return all.stream().filter(f -> name.equals(f.path("event").asString(""))).toList();
        }
    }

    @Override
    public void close() {
        socket.close(1000, null);
    }
}
