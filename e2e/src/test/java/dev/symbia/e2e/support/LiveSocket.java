package dev.symbia.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of messaging's live WebSocket ({@code /api/ws}, through the gateway {@code /api/messaging/ws};
 * protocol in messaging's {@code live/package-info.java}): every frame it receives, in order.
 */
public final class LiveSocket implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<JsonNode> all = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<JsonNode> pending = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final String url;
    private WebSocket socket;

    private LiveSocket(String url) {
        this.url = url;
    }

    /**
     * Opens the socket ({@code http(s)://} is turned into {@code ws(s)://}) and returns once the server
     * has acknowledged a ping, i.e. the connection's subscriptions are in place. Header pairs go on the upgrade.
     */
    public static LiveSocket connect(String url, String... headerPairs) throws InterruptedException {
        LiveSocket live = new LiveSocket(url.replaceFirst("^http", "ws"));
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            builder.header(headerPairs[i], headerPairs[i + 1]);
        }
        try {
            live.socket = builder.buildAsync(URI.create(live.url), live.new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new AssertionError("upgrade of " + live.url + " refused: " + refused.getResponse().statusCode()
                        + " " + refused.getResponse().body(), refused);
            }
            throw new AssertionError("could not open " + live.url, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no upgrade of " + live.url + " within " + WAIT, e);
        }
        JsonNode ack = live.request("ping", null);
        if (!ack.path("data").path("success").asBoolean(false)) {
            throw new AssertionError("ping not acknowledged on " + live.url + ": " + ack);
        }
        return live;
    }

    /** Sends an event with a fresh ack number and returns the server's ack frame. */
    public JsonNode request(String event, Object data) throws InterruptedException {
        int ack = acks.incrementAndGet();
        ObjectNode frame = JSON.createObjectNode().put("event", event).put("ack", ack);
        frame.set("data", JSON.valueToTree(data));
        send(JSON.writeValueAsString(frame));
        return await(f -> f.path("ack").isNumber() && f.path("ack").intValue() == ack);
    }

    /** The next frame passing the predicate within {@link #WAIT}; frames skipped meanwhile stay in {@link #frames()}. */
    public JsonNode await(Predicate<JsonNode> predicate) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = pending.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && predicate.test(frame)) {
                return frame;
            }
            if (frame == null && closed.isDone()) {
                throw new AssertionError(url + " closed (" + closed.getNow(null) + ") before a matching frame; got " + frames());
            }
        }
        throw new AssertionError("no matching frame on " + url + " within " + WAIT + "; got " + frames());
    }

    /** The next {@code event} frame whose data passes the predicate. */
    public JsonNode awaitEvent(String name, Predicate<JsonNode> data) throws InterruptedException {
        return await(f -> name.equals(f.path("event").asString("")) && data.test(f.path("data")));
    }

    /** Every frame received so far, in order. */
    public List<JsonNode> frames() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    private synchronized void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode frame = JSON.readTree(text.toString());
                text.setLength(0);
                all.add(frame);
                pending.add(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
