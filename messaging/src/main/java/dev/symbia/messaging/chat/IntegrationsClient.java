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
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a chat completion from integrations' {@code POST /api/internal/execute} (SPEC §4): with this
 * service's token, acting for the user and org of the turn, {@code stream: true}. The stream is read with
 * okhttp-sse on a virtual thread and each frame queued on the {@link ReplyCall} as it arrives — nothing is
 * buffered in between, and a caller that falls behind slows the read (the call's queue is bounded).
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
            Frames frames = new Frames(reply);
            EventSources.processResponse(response, frames); // on this thread, frame by frame as they arrive
            frames.ended();
        } catch (InterruptedIOException e) {
            timedOut(reply);
        } catch (IOException e) {
            unreachable(reply, e);
        } catch (RuntimeException e) {
            log.warn("Unexpected failure reading the chat stream from integrations", e);
            reply.offer(new UpstreamFrame.Failed("Chat failed", "internal", "The answer could not be read."));
        }
    }

    /**
     * Integrations' frames, queued as they arrive (okhttp-sse joins multi-line data and skips {@code : ping}
     * comments). The first frame that is not a delta ends the stream; a stream that ends without one, or
     * breaks, is a failure.
     */
    private final class Frames extends EventSourceListener {

        private final ReplyCall reply;
        private boolean over;

        Frames(ReplyCall reply) {
            this.reply = reply;
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if (over) {
                return;
            }
            UpstreamFrame frame = frame(data);
            if (frame == null) {
                return;
            }
            reply.offer(frame); // waits while the caller is behind: back-pressure to integrations
            if (!(frame instanceof UpstreamFrame.Delta)) {
                over = true;
                source.cancel(); // the last frame: nothing after it is read
            }
        }

        @Override
        public void onFailure(EventSource source, Throwable failure, Response response) {
            if (over) {
                return;
            }
            over = true;
            if (failure instanceof InterruptedIOException) {
                timedOut(reply);
            } else if (failure instanceof IOException e) {
                unreachable(reply, e);
            } else {
                log.warn("Unreadable chat stream from integrations: {}", String.valueOf(failure));
                reply.offer(new UpstreamFrame.Failed("Chat failed", "internal", "The answer could not be read."));
            }
        }

        // After the response was read to its end (or cancelled once the last frame was in hand).
        void ended() {
            if (!over) {
                over = true;
                reply.offer(new UpstreamFrame.Failed("Stream ended early", "provider",
                        "The answer stopped before it was complete."));
            }
        }
    }

    private static void timedOut(ReplyCall reply) {
        if (!reply.cancelled()) {
            reply.offer(new UpstreamFrame.Failed("Timeout", "timeout", "The integrations service did not answer in time."));
        }
    }

    private static void unreachable(ReplyCall reply, IOException e) {
        if (!reply.cancelled()) {
            log.debug("Chat call to integrations failed: {}", e.toString());
            reply.offer(new UpstreamFrame.Failed("Service unavailable", "unavailable",
                    "The integrations service could not be reached."));
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
