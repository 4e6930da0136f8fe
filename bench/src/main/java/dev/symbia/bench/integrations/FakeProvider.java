package dev.symbia.bench.integrations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local OpenAI-compatible provider with a fixed, known timing: {@code POST /v1/chat/completions}
 * (always streamed, as integrations asks for) answers with server-sent events — the first content
 * chunk after {@code firstChunkDelay}, then one every {@code interval}, {@code chunks} in all, then
 * a chunk with {@code finish_reason: stop}, a usage chunk and {@code data: [DONE]}. Each frame is
 * flushed on its own. {@code GET /v1/models} lists the one model. Loopback only; one virtual thread
 * per stream.
 */
public final class FakeProvider implements AutoCloseable {

    public static final String MODEL = "bench-model";

    static {
        // The JDK server leaves Nagle's algorithm on: its small trailing frames (finish, usage, [DONE]) then
        // wait for the ACK of the previous one, which a client on a pooled (delayed-ACK) connection holds
        // for ~40 ms — a delay of the fake, not of what it measures. Real providers' edges send at once.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final int chunks;
    private final Duration firstChunkDelay;
    private final Duration interval;
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private volatile Exchange last = new Exchange(0, 0);

    /**
     * When the latest stream's request reached the fake and when its first content chunk was written
     * ({@link System#nanoTime()}, this process). With one stream at a time, the client's own timestamps then
     * split a time to first token into the way in (request sent → here) and the way back (first chunk → client).
     */
    public record Exchange(long arrived, long firstChunkSent) {
    }

    public FakeProvider(int port, int chunks, Duration firstChunkDelay, Duration interval) throws IOException {
        this.chunks = chunks;
        this.firstChunkDelay = firstChunkDelay;
        this.interval = interval;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::completions);
        server.createContext("/v1/models", this::models);
        server.start();
    }

    /** The base URL, as a provider's {@code *_BASE_URL} ({@code http://127.0.0.1:<port>/v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public long streamsServed() {
        return streams.get();
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    /** The latest stream's timestamps (meaningful when streams run one at a time). */
    public Exchange lastExchange() {
        return last;
    }

    private void models(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = ("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\",\"owned_by\":\"bench\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void completions(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in.readAllBytes());
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !request.path("stream").asBoolean(false)) {
                byte[] body = "{\"error\":{\"message\":\"this fake only streams\",\"type\":\"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            streams.incrementAndGet();
            String model = request.path("model").asString(MODEL);
            String id = "chatcmpl-fake-" + streams.get();
            long created = System.currentTimeMillis() / 1000;
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0); // chunked
            OutputStream out = exchange.getResponseBody();
            try {
                sleep(firstChunkDelay);
                for (int i = 0; i < chunks; i++) {
                    if (i > 0) {
                        sleep(interval);
                    }
                    ObjectNode chunk = chunk(id, created, model);
                    ObjectNode delta = ((ObjectNode) chunk.get("choices").get(0)).putObject("delta");
                    if (i == 0) {
                        delta.put("role", "assistant");
                        last = new Exchange(arrived, System.nanoTime());
                    }
                    delta.put("content", "tok" + i + " ");
                    send(out, JSON.writeValueAsString(chunk));
                }
                ObjectNode last = chunk(id, created, model);
                ObjectNode choice = (ObjectNode) last.get("choices").get(0);
                choice.putObject("delta");
                choice.put("finish_reason", "stop");
                send(out, JSON.writeValueAsString(last));
                if (request.path("stream_options").path("include_usage").asBoolean(false)) {
                    ObjectNode usage = JSON.createObjectNode();
                    usage.put("id", id);
                    usage.put("object", "chat.completion.chunk");
                    usage.put("created", created);
                    usage.put("model", model);
                    usage.putArray("choices");
                    ObjectNode counts = usage.putObject("usage");
                    counts.put("prompt_tokens", 12);
                    counts.put("completion_tokens", chunks);
                    counts.put("total_tokens", 12 + chunks);
                    send(out, JSON.writeValueAsString(usage));
                }
                send(out, "[DONE]");
            } catch (IOException e) {
                failedWrites.incrementAndGet(); // the caller went away
            }
        }
    }

    private static ObjectNode chunk(String id, long created, String model) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putNull("finish_reason");
        return chunk;
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
