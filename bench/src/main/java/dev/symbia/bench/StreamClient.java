package dev.symbia.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams one chat — an OpenAI-style completion, or the platform's chat stream (SPEC §4 frames) — and
 * timestamps every content delta as its line arrives (before parsing it). A stream that runs past
 * {@code timeout} is cut and reported as a timeout.
 */
public final class StreamClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Where to stream from: the endpoint, the bearer credential (fresh per call), the request body, and whether
     * the answer is OpenAI chunks ending in {@code [DONE]} or the platform's frames ending in {@code done}.
     */
    public record Target(String name, URI endpoint, Supplier<String> bearer, String body, boolean openAi) {

        /** An OpenAI-compatible {@code /chat/completions} stream of {@code model}, usage included. */
        public static Target openAi(String name, URI endpoint, Supplier<String> bearer, String model) {
            return new Target(name, endpoint, bearer, "{\"model\":\"" + model + "\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"" + PROMPT + "\"}]}", true);
        }

        /** The platform's chat stream ({@code POST /api/messaging/send}). */
        public static Target chat(String name, URI endpoint, Supplier<String> bearer) {
            return new Target(name, endpoint, bearer, "{\"content\":\"" + PROMPT + "\"}", false);
        }
    }

    private static final String PROMPT = "Count to twenty, one word per token.";

    private final HttpClient http;
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stream-timeout");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration timeout;

    public StreamClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public StreamResult stream(Target target) {
        String body = target.body();
        HttpRequest request = HttpRequest.newBuilder(target.endpoint())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + target.bearer().get())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        long[] gaps = new long[64];
        int gapCount = 0;
        long ttft = -1;
        long last = -1;
        int chunks = 0;
        boolean done = false;
        boolean usage = false;
        int status = 0;
        String failure = null;
        ScheduledFuture<?> cut = null;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                if (status != 200) {
                    String text = new String(in.readNBytes(400), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
                    return new StreamResult(status, -1, new long[0], System.nanoTime() - start, 0, false, false,
                            "HTTP " + status + ": " + refusal(text), start);
                }
                long remaining = timeout.toNanos() - (System.nanoTime() - start);
                cut = killer.schedule(() -> {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // closing is all we wanted
                    }
                }, Math.max(remaining, 1), TimeUnit.NANOSECONDS);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.startsWith("data:")) {
                        continue; // blank separators and ": ping" comments
                    }
                    long now = System.nanoTime();
                    String data = line.substring(5).trim();
                    if (target.openAi() && data.equals("[DONE]")) {
                        done = true;
                        break;
                    }
                    JsonNode frame = JSON.readTree(data);
                    if (frame.has("error")) {
                        failure = "error frame: " + frame.get("error") + (frame.has("code") ? " (" + frame.get("code") + ")" : "");
                        break;
                    }
                    if (frame.path("usage").isObject()) {
                        usage = true;
                    }
                    if (!target.openAi() && frame.path("done").asBoolean(false)) {
                        done = true;
                        break;
                    }
                    JsonNode content = target.openAi() ? frame.path("choices").path(0).path("delta").path("content")
                            : frame.path("content");
                    if (content.isString() && !content.asString().isEmpty()) {
                        if (ttft < 0) {
                            ttft = now - start;
                        } else {
                            if (gapCount == gaps.length) {
                                gaps = Arrays.copyOf(gaps, gapCount * 2);
                            }
                            gaps[gapCount++] = now - last;
                        }
                        last = now;
                        chunks++;
                    }
                }
            }
        } catch (java.net.http.HttpTimeoutException e) {
            failure = "timeout: no response headers within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            long elapsed = System.nanoTime() - start;
            failure = (elapsed >= timeout.toNanos() ? "timeout: " : "io: ") + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted: " + e;
        } catch (RuntimeException e) {
            failure = "client: " + e;
        } finally {
            if (cut != null) {
                cut.cancel(false);
            }
        }
        return new StreamResult(status, ttft, Arrays.copyOf(gaps, gapCount), System.nanoTime() - start, chunks, done,
                usage, failure, start);
    }

    // A problem+json answer as "title — detail" (errors are counted by this text), else the raw text; short.
    private static String refusal(String text) {
        String summary = text;
        try {
            JsonNode problem = JSON.readTree(text);
            if (problem.has("title")) {
                summary = problem.path("title").asString()
                        + (problem.has("detail") ? " — " + problem.path("detail").asString() : "");
            }
        } catch (RuntimeException notJson) {
            // keep the text
        }
        return summary.length() > 100 ? summary.substring(0, 100) + "…" : summary;
    }

    /**
     * A request the endpoint refuses before any provider is called ({@code stream: true} but no
     * messages): the round trip of the request path alone — for integrations, authentication and
     * validation. Returns the status and the nanoseconds to the complete answer; status 0 on failure.
     */
    public long[] rejectedRoundTrip(Target target, String body) {
        HttpRequest request = HttpRequest.newBuilder(target.endpoint())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.bearer().get())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new long[] {response.statusCode(), System.nanoTime() - start};
        } catch (IOException e) {
            return new long[] {0, System.nanoTime() - start};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[] {0, System.nanoTime() - start};
        }
    }

    @Override
    public void close() {
        killer.shutdownNow();
        http.close();
    }
}
