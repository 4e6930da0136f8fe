package dev.symbia.messaging.chat;

import dev.symbia.core.PlatformHeaders;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a chat completion from integrations' {@code POST /api/internal/execute} (SPEC §4): with this
 * service's token, acting for the user and org of the turn, {@code stream: true}. Each frame is read on a
 * virtual thread and queued on the {@link ReplyCall} as it arrives — nothing is buffered in between.
 */
final class IntegrationsClient {

    private static final Logger log = LoggerFactory.getLogger(IntegrationsClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    static final String ACTING_USER_HEADER = PlatformHeaders.ACTING_USER;
    static final String ORG_HEADER = PlatformHeaders.ORG;

    private final OkHttpClient http;
    private final String executeUrl;
    private final JsonMapper json;
    private final ObservationRegistry observations;

    IntegrationsClient(OkHttpClient http, String integrationsUrl, JsonMapper json, ObservationRegistry observations) {
        this.http = http;
        this.executeUrl = integrationsUrl + "/api/internal/execute";
        this.json = json;
        this.observations = observations;
    }

    /** What to ask for, on whose behalf. */
    record Ask(String userId, String orgId, String requestId, String provider, String model, Double temperature,
            Integer maxTokens, List<Map<String, String>> messages) {
    }

    ReplyCall open(Ask ask) {
        ReplyCall reply = new ReplyCall();
        Request request = new Request.Builder().url(executeUrl)
                .header(ACTING_USER_HEADER, ask.userId())
                .header(ORG_HEADER, ask.orgId())
                .header("X-Request-Id", ask.requestId())
                .header("Accept", "text/event-stream")
                .post(RequestBody.create(json.writeValueAsString(body(ask)), JSON))
                .build();
        Call call = http.newCall(request);
        reply.attach(call);
        // The reader runs in the request's observation, so the call to integrations joins the request's trace.
        Observation parent = observations.getCurrentObservation();
        Thread.ofVirtual().name("chat-upstream-", 0).start(() -> {
            if (parent == null) {
                read(call, reply);
                return;
            }
            try (Observation.Scope scope = parent.openScope()) {
                read(call, reply);
            }
        });
        return reply;
    }

    private Map<String, Object> body(Ask ask) {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        if (ask.model() != null) {
            params.put("model", ask.model());
        }
        params.put("messages", ask.messages());
        // Only what the caller set: a provider's own default beats ours (reference §8 item 5).
        if (ask.temperature() != null) {
            params.put("temperature", ask.temperature());
        }
        if (ask.maxTokens() != null) {
            params.put("maxTokens", ask.maxTokens());
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (ask.provider() != null) {
            body.put("provider", ask.provider());
        }
        body.put("operation", "chat.completions");
        body.put("params", params);
        body.put("stream", true);
        return body;
    }

    private void read(Call call, ReplyCall reply) {
        try (Response response = call.execute()) {
            if (!response.isSuccessful()) {
                reply.offer(problem(response));
                return;
            }
            BufferedSource source = response.body().source();
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        UpstreamFrame frame = frame(data.toString());
                        data.setLength(0);
                        if (frame != null) {
                            reply.offer(frame);
                            if (!(frame instanceof UpstreamFrame.Delta)) {
                                return;
                            }
                        }
                    }
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
                // comments (": ping") and other fields carry nothing for us
            }
            reply.offer(new UpstreamFrame.Failed("Stream ended early", "provider",
                    "The answer stopped before it was complete."));
        } catch (InterruptedIOException e) {
            if (!reply.cancelled()) {
                reply.offer(new UpstreamFrame.Failed("Timeout", "timeout",
                        "The integrations service did not answer in time."));
            }
        } catch (IOException e) {
            if (!reply.cancelled()) {
                log.debug("Chat call to integrations failed: {}", e.toString());
                reply.offer(new UpstreamFrame.Failed("Service unavailable", "unavailable",
                        "The integrations service could not be reached."));
            }
        } catch (RuntimeException e) {
            log.warn("Unexpected failure reading the chat stream from integrations", e);
            reply.offer(new UpstreamFrame.Failed("Chat failed", "internal", "The answer could not be read."));
        }
    }

    private UpstreamFrame frame(String data) {
        JsonNode node;
        try {
            node = json.readTree(data);
        } catch (JacksonException e) {
            log.debug("Ignoring a malformed frame from integrations");
            return null;
        }
        if (node.has("error")) {
            return new UpstreamFrame.Failed(node.path("error").asString("Chat failed"),
                    node.path("code").asString("provider"), node.path("details").asString(""));
        }
        if (node.path("done").asBoolean(false)) {
            Map<String, Object> usage = node.has("usage") && node.get("usage").isObject()
                    ? json.convertValue(node.get("usage"), Map.class) : Map.of();
            return new UpstreamFrame.Done(text(node, "provider"), text(node, "model"),
                    node.path("finishReason").asString("stop"), usage, text(node, "requestId"));
        }
        if (node.has("content")) {
            return new UpstreamFrame.Delta(node.path("content").asString(""));
        }
        return null;
    }

    // A problem+json answer from integrations (before any stream): its title/code/detail are written for callers.
    private UpstreamFrame problem(Response response) {
        String title = "Chat failed";
        String code = response.code() >= 500 ? "unavailable" : "provider";
        String details = "The integrations service answered " + response.code() + ".";
        try {
            JsonNode node = json.readTree(response.body().string());
            title = node.path("title").asString(title);
            code = node.path("code").asString(code);
            details = node.path("detail").asString(details);
        } catch (IOException | JacksonException e) {
            log.debug("Integrations answered {} without a readable problem", response.code());
        }
        return new UpstreamFrame.Failed(title, code, details);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
