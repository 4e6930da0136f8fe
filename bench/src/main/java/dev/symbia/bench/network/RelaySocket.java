package dev.symbia.bench.network;

import dev.symbia.relay.NodeRegistration;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One node's socket, speaking the relay protocol (libs/relay README, "Wire protocol") frame by frame
 * rather than through {@code RelayClient}: a bench must see the moment each frame arrives, and must
 * not be throttled by the relay's single sending thread or its bounded buffer. Every received frame
 * is stamped with {@link System#nanoTime()} before it is parsed.
 */
final class RelaySocket implements AutoCloseable {

    /** What the bench does with incoming frames; called on OkHttp's reader thread of this socket. */
    interface Frames {
        /** An {@code event} frame delivered to this node. */
        default void event(JsonNode event, long receivedNanos) {
        }

        /** An {@code ack} frame for an event this node published; {@code status} is the code when refused. */
        default void ack(String ref, boolean ok, String status, long receivedNanos) {
        }
    }

    private final JsonMapper mapper;
    private final String nodeId;
    private final Frames frames;
    private final CompletableFuture<JsonNode> registered = new CompletableFuture<>();
    private final AtomicLong errors = new AtomicLong();
    private final WebSocket socket;
    private volatile String lastError;

    RelaySocket(OkHttpClient http, URI networkBase, String bearer, NodeRegistration node, JsonMapper mapper, Frames frames) {
        this.mapper = mapper;
        this.nodeId = node.id();
        this.frames = frames;
        String url = networkBase.toString().replaceFirst("^http", "ws") + "/api/ws";
        Request.Builder request = new Request.Builder().url(url);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        ObjectNode register = mapper.createObjectNode().put("op", "register");
        register.set("node", mapper.valueToTree(node));
        String registerFrame = mapper.writeValueAsString(register);
        this.socket = http.newWebSocket(request.build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                webSocket.send(registerFrame);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                long now = System.nanoTime();
                received(text, now);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                registered.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
                webSocket.close(1000, null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                lastError = (response == null ? "" : "HTTP " + response.code() + " ") + t;
                registered.completeExceptionally(new IllegalStateException(nodeId + ": " + lastError, t));
            }
        });
    }

    private void received(String text, long now) {
        JsonNode frame = mapper.readTree(text);
        switch (frame.path("op").asString("")) {
            case "event" -> frames.event(frame.get("event"), now);
            case "ack" -> frames.ack(frame.path("ref").asString(null), frame.path("ok").asBoolean(false),
                    frame.path("ok").asBoolean(false) ? frame.path("status").asString("") : frame.path("code").asString(""), now);
            case "registered" -> registered.complete(frame.get("node"));
            case "error" -> {
                errors.incrementAndGet();
                lastError = frame.toString();
                registered.completeExceptionally(new IllegalStateException(nodeId + " refused: " + frame));
            }
            default -> {
                // nothing else is expected
            }
        }
    }

    /** Waits for the {@code registered} answer. */
    RelaySocket awaitRegistered(Duration timeout) throws InterruptedException {
        try {
            registered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (ExecutionException e) {
            throw new IllegalStateException("registration of " + nodeId + " failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("registration of " + nodeId + " not answered within " + timeout
                    + (lastError != null ? " (" + lastError + ")" : ""), e);
        }
    }

    String nodeId() {
        return nodeId;
    }

    /** Queues a text frame (OkHttp writes it on its writer thread); false if the socket is closing. */
    boolean send(String frame) {
        return socket.send(frame);
    }

    void heartbeat() {
        socket.send("{\"op\":\"heartbeat\"}");
    }

    /** {@code error} frames received so far (refusals the network explains). */
    long errors() {
        return errors.get();
    }

    String lastError() {
        return lastError;
    }

    static NodeRegistration node(String id) {
        return new NodeRegistration(id, id, "service", java.util.List.of("bench"), null, Map.of());
    }

    @Override
    public void close() {
        socket.close(1000, "bench done");
    }
}
