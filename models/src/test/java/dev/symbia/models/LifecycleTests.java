package dev.symbia.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.models.inference.ModelManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Lazy loading, explicit load/unload, LRU, idle eviction, the bounded queue and callers that hang up. */
class LifecycleTests extends ModelsTestSupport {

    @Autowired
    ModelManager manager;

    @Autowired
    MeterRegistry meters;

    @Test
    void explicitLoadAndUnload() throws Exception {
        manager.unload(CHAT);
        manager.unload(OTHER);
        assertThat(manager.loadedIds()).isEmpty();

        HttpResponse<String> loaded = post("/api/models/" + CHAT + "/load", "", admin.bearer());
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
        assertThat(json(loaded.body()).path("model").path("status").asString()).isEqualTo("loaded");
        assertThat(manager.loadedIds()).containsExactly(CHAT);
        assertThat(json(get("/v1/models/" + CHAT, member.bearer()).body()).path("loaded").asBoolean()).isTrue();

        HttpResponse<String> unloaded = post("/api/" + CHAT + "/unload", "", admin.bearer()); // the gateway's path
        assertThat(unloaded.statusCode()).isEqualTo(200);
        assertThat(json(unloaded.body()).path("success").asBoolean()).isTrue();
        assertThat(manager.loadedIds()).isEmpty();

        assertThat(post("/api/models/" + CHAT + "/load", "", member.bearer()).statusCode()).isEqualTo(403);
        assertThat(post("/api/models/" + CHAT + "/load", "", null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = post("/api/models/nope/unload", "", admin.bearer());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void firstUseLoadsLazilyAndTheLeastRecentlyUsedModelMakesRoom() throws Exception {
        manager.unload(CHAT);
        manager.unload(OTHER);

        assertThat(post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":1", "hi")).statusCode()).isEqualTo(200);
        assertThat(manager.loadedIds()).containsExactly(CHAT);

        // MAX_LOADED_MODELS is 1 here: using the other model unloads the first
        assertThat(post("/v1/chat/completions", chatBody(OTHER, "\"max_tokens\":1", "hi")).statusCode()).isEqualTo(200);
        assertThat(manager.loadedIds()).containsExactly(OTHER);
    }

    @Test
    void anIdleModelIsUnloaded() {
        manager.load(CHAT);
        Instant lastUse = manager.lastUsed(CHAT).orElseThrow();

        manager.evictIdle(lastUse.plus(Duration.ofSeconds(299))); // IDLE_TIMEOUT_MS default: 300 000
        assertThat(manager.isLoaded(CHAT)).isTrue();

        manager.evictIdle(lastUse.plus(Duration.ofSeconds(301)));
        assertThat(manager.isLoaded(CHAT)).isFalse();
    }

    @Test
    void aFullQueueIsAnswered429WithRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> queued;
        try (ModelManager.Lease busy = manager.acquire(CHAT)) {
            queued = CompletableFuture.supplyAsync(() -> {
                try {
                    return post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":2", "first in line"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> manager.waiting(CHAT) == 1);

            HttpResponse<String> refused = post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":2", "one too many"));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(refused.body()).path("error").path("type").asString()).isEqualTo("rate_limit_error");
            assertThat(queued).isNotDone();
        }
        assertThat(queued.get().statusCode()).isEqualTo(200); // the waiting request ran once the model was free
    }

    @Test
    void aCallerThatHangsUpStopsTheGenerationAtOnce() throws Exception {
        manager.load(CHAT);
        double cancelledBefore = meters.counter("models.generations", "outcome", "cancelled").count();
        String body = chatBody(CHAT, "\"max_tokens\":1500,\"stream\":true", "Talk for a long time");
        double tokensBefore = tokens();
        try (Socket socket = rawChat(body)) {
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (countOf(seen, "\"content\"") < 4) { // the role chunk and three content chunks
                int b = in.read();
                assertThat(b).isNotNegative();
                seen.append((char) b);
            }
            assertThat(seen).contains("200");
        } // the caller hangs up here

        assertStoppedEarly(cancelledBefore, tokensBefore);
    }

    @Test
    void aCallerThatHangsUpOnANonStreamedRequestStopsTheGenerationToo() throws Exception {
        manager.load(CHAT);
        double cancelledBefore = meters.counter("models.generations", "outcome", "cancelled").count();
        String body = chatBody(CHAT, "\"max_tokens\":1500", "Talk for a long time");
        double tokensBefore = tokens();
        try (Socket socket = rawChat(body)) {
            // the model is generating: nothing has been answered yet, only the token counter moves
            await().atMost(Duration.ofSeconds(10)).until(() -> tokens() > tokensBefore);
        } // the caller hangs up here, mid-generation

        assertStoppedEarly(cancelledBefore, tokensBefore);
    }

    @Test
    void aLongNonStreamedReplyIsStillOneJsonDocument() throws Exception {
        // Long enough for the hang-up probe to write its leading spaces before the body.
        HttpResponse<String> reply = post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":400,\"seed\":3", "Talk"));
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(reply.body()).startsWith(" "); // the probe's spaces, then the reply
        JsonNode parsed = json(reply.body());
        assertThat(parsed.path("object").asString()).isEqualTo("chat.completion");
        assertThat(parsed.path("usage").path("completion_tokens").asInt()).isPositive();
    }

    @Test
    void badInputIsA4xxProblemNamingTheField() throws Exception {
        HttpResponse<String> unknownModel = post("/v1/chat/completions", chatBody("no-such-model", "", "hi"));
        assertThat(unknownModel.statusCode()).isEqualTo(404);
        JsonNode error = json(unknownModel.body());
        assertThat(error.path("code").asString()).isEqualTo("model_not_found");
        assertThat(error.path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(error.path("error").path("type").asString()).isEqualTo("invalid_request_error");

        assertBadRequest(chatBody(CHAT, "\"temperature\":\"hot\"", "hi"), "temperature");
        assertBadRequest(chatBody(CHAT, "\"temperature\":3", "hi"), "temperature");
        assertBadRequest(chatBody(CHAT, "\"max_tokens\":0", "hi"), "maxTokens"); // libs/web names the property
        assertBadRequest(chatBody(CHAT, "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "hi"), "stop");
        assertBadRequest(chatBody(CHAT, "\"logit_bias\":{}", "hi"), "logit_bias");
        assertBadRequest("{\"model\":\"" + CHAT + "\",\"messages\":\"hi\"}", "messages");
        assertBadRequest("{\"model\":\"" + CHAT + "\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "role");
        assertBadRequest("{\"model\":\"" + CHAT + "\",\"messages\":[{\"role\":\"user\",\"content\":42}]}", "content");

        HttpResponse<String> tooLong = post("/v1/chat/completions",
                chatBody(CHAT, "\"stream\":true", "x".repeat(TinyGguf.CONTEXT_LENGTH + 10)));
        assertThat(tooLong.statusCode()).isEqualTo(400); // before the stream opens: a problem, not an error frame
        assertThat(json(tooLong.body()).path("code").asString()).isEqualTo("context_length_exceeded");

        HttpResponse<String> embeddings = post("/v1/embeddings", "{\"model\":\"" + CHAT + "\",\"input\":\"hello\"}");
        assertThat(embeddings.statusCode()).isEqualTo(400);
        assertThat(json(embeddings.body()).path("code").asString()).isEqualTo("unsupported_operation");
        assertThat(post("/v1/completions", "{\"model\":\"" + CHAT + "\",\"prompt\":7}").statusCode()).isEqualTo(400);
    }

    @Test
    void inferenceNeedsACredentialAndTheExecuteCapability() throws Exception {
        String body = chatBody(CHAT, "\"max_tokens\":1", "hi");
        HttpResponse<String> anonymous = post("/v1/chat/completions", body, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(post("/v1/chat/completions", body, "Bearer " + IDENTITY.user("u-x").tamperedToken()).statusCode()).isEqualTo(401);

        String viewer = IDENTITY.user("viewer-" + orgId).member(orgId, "viewer").bearer();
        HttpResponse<String> forbidden = post("/v1/chat/completions", body, viewer);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden.body()).path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(get("/v1/models", viewer).statusCode()).isEqualTo(200); // viewers may list

        assertThat(post("/v1/chat/completions", body, IDENTITY.service("integrations").bearer()).statusCode())
                .isEqualTo(200);
    }

    private void assertBadRequest(String body, String field) throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", body);
        assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).as(body).contains(field).doesNotContain("Exception");
    }

    /** The generation was cancelled well before its 1500 tokens, no token follows, and the model is free at once. */
    private void assertStoppedEarly(double cancelledBefore, double tokensBefore) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(
                () -> meters.counter("models.generations", "outcome", "cancelled").count() > cancelledBefore);
        double stopped = tokens();
        assertThat(stopped - tokensBefore).isLessThan(1500);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> tokens() == stopped);
        assertThat(post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":1", "next")).statusCode()).isEqualTo(200);
    }

    /** A chat request over a plain socket, so the test decides when the caller hangs up. */
    private Socket rawChat(String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: " + member.bearer() + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private double tokens() {
        return meters.counter("models.tokens.generated").count();
    }

    private static int countOf(CharSequence text, String what) {
        int n = 0;
        for (int i = text.toString().indexOf(what); i >= 0; i = text.toString().indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
