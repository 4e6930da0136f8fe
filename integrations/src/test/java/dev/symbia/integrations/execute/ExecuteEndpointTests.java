package dev.symbia.integrations.execute;

import static dev.symbia.test.provider.Wire.hfReply;
import static dev.symbia.test.provider.Wire.sambaDelta;
import static dev.symbia.test.provider.Wire.sambaReply;
import static dev.symbia.test.provider.Wire.sambaRole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.provider.ScriptedBody;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/execute} and {@code /api/internal/execute} over real HTTP, against fake providers. */
class ExecuteEndpointTests extends GatewayTestSupport {

    @Test
    void nonStreamedChatAnswersTheNormalisedResponseAndRecordsUsage() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Hello", " there"));

        HttpResponse<String> response = post("/api/execute", chat("", ",\"temperature\":0.2,\"maxTokens\":50"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("provider").asString()).isEqualTo("sambanova");
        assertThat(body.path("model").asString()).isEqualTo(SAMBA_MODEL);
        assertThat(body.path("content").asString()).isEqualTo("Hello there");
        assertThat(body.path("finishReason").asString()).isEqualTo("stop");
        assertThat(body.path("usage").path("promptTokens").asInt()).isEqualTo(21);
        assertThat(body.path("usage").path("completionTokens").asInt()).isEqualTo(2);
        assertThat(body.path("usage").path("totalTokens").asInt()).isEqualTo(23);
        assertThat(body.path("metadata").path("attempts").asInt()).isEqualTo(1);
        assertThat(body.path("metadata").path("usageEstimated").asBoolean()).isFalse();
        assertThat(body.path("metadata").path("requestId").asString())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());

        JsonNode sent = json(SAMBANOVA.takeRequest().getBody().utf8());
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(sent.path("messages")).hasSize(2);

        Map<String, Object> row = usageRows(1).getFirst();
        assertThat(row).containsEntry("user_id", userId).containsEntry("provider", "sambanova")
                .containsEntry("model", SAMBA_MODEL).containsEntry("surface", "execute")
                .containsEntry("outcome", "success").containsEntry("finish_reason", "stop")
                .containsEntry("prompt_tokens", 21).containsEntry("completion_tokens", 2).containsEntry("total_tokens", 23)
                .containsEntry("usage_estimated", false).containsEntry("credential_origin", "env")
                .containsEntry("streamed", false).containsEntry("attempts", 1)
                .containsEntry("request_id", body.path("metadata").path("requestId").asString());
        // 21 × $0.60/M + 2 × $1.20/M = 15 micro-USD, from our price table.
        assertThat(row.get("cost_micros")).isEqualTo(15L);
        assertThat(row.get("ttft_ms")).isNotNull();
    }

    @Test
    void streamedChatEmitsDeltasThenOneDoneFrame() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Hel", "lo ", "wörld ✓"));

        HttpResponse<String> response = post("/api/execute", chat(",\"stream\":true", ""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("X-Symbia-Provider")).contains("sambanova");
        List<String> frames = dataFrames(response.body());
        assertThat(frames).hasSize(4);
        assertThat(frames.subList(0, 3)).containsExactly(
                "{\"content\":\"Hel\"}", "{\"content\":\"lo \"}", "{\"content\":\"wörld ✓\"}");
        JsonNode done = json(frames.get(3));
        assertThat(done.path("done").asBoolean()).isTrue();
        assertThat(done.path("provider").asString()).isEqualTo("sambanova");
        assertThat(done.path("finishReason").asString()).isEqualTo("stop");
        assertThat(done.path("usage").path("totalTokens").asInt()).isEqualTo(24);
        assertThat(done.path("usageEstimated").asBoolean()).isFalse();
        assertThat(usageRows(1).getFirst()).containsEntry("streamed", true).containsEntry("outcome", "success");
    }

    @Test
    void withoutAUsageChunkTokensAreCountedLocallyAndFlagged() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, false, "abcdefgh", "ijkl"));

        JsonNode body = json(post("/api/execute", chat("", "")).body());

        // Estimate: 2 + (4 + ceil(14/4)) + (4 + ceil(9/4)) = 2 + 8 + 7 = 17 prompt; ceil(12/4) = 3 completion.
        assertThat(body.path("usage").path("promptTokens").asInt()).isEqualTo(17);
        assertThat(body.path("usage").path("completionTokens").asInt()).isEqualTo(3);
        assertThat(body.path("metadata").path("usageEstimated").asBoolean()).isTrue();
        assertThat(usageRows(1).getFirst()).containsEntry("usage_estimated", true)
                .containsEntry("prompt_tokens", 17).containsEntry("completion_tokens", 3);
    }

    @Test
    void internalExecuteActsForTheUserAndOrgStatedInTheCall() throws Exception {
        HUGGINGFACE.stream(hfReply(HF_MODEL, true, "Hi"));

        HttpResponse<String> response = post("/api/internal/execute", chat(",\"provider\":\"huggingface\"",
                ",\"model\":\"" + HF_MODEL + ":cheapest\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("provider").asString()).isEqualTo("huggingface");
        var sent = HUGGINGFACE.takeRequest();
        assertThat(json(sent.getBody().utf8()).path("model").asString()).isEqualTo(HF_MODEL + ":cheapest");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + HF_KEY);
        Map<String, Object> row = usageRows(1).getFirst();
        assertThat(row).containsEntry("surface", "internal").containsEntry("user_id", userId)
                .containsEntry("model", HF_MODEL + ":cheapest").containsEntry("served_model", HF_MODEL);
        // No price configured for this model: the cost is unknown, not zero.
        assertThat(row.get("cost_micros")).isNull();
    }

    @Test
    void keysFromTheVaultWinOverThePlatformKeyTheUsersOwnFirst() throws Exception {
        IDENTITY.orgCredential(orgId, "sambanova", "sn-org-key-0001");
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Paid by the org"));
        assertThat(post("/api/execute", chat("", "")).statusCode()).isEqualTo(200);
        assertThat(SAMBANOVA.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sn-org-key-0001");

        IDENTITY.credential(userId, orgId, "sambanova", "sn-user-key-0002");
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Paid by the user"));
        HttpResponse<String> own = post("/api/execute", chat("", ""));
        assertThat(json(own.body()).path("metadata").path("credentialSource").asString()).isEqualTo("user");
        assertThat(SAMBANOVA.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sn-user-key-0002");

        assertThat(usageRows(2)).extracting(row -> row.get("credential_origin")).containsExactly("org", "user");
        assertThat(IDENTITY.requests()).as("integrations read the vault with its service token")
                .contains("GET /api/internal/credentials/" + userId + "/sambanova");
    }

    @Test
    void providerRejectingTheKeyIs401WithoutFailoverOrSecrets() throws Exception {
        SAMBANOVA.error(401, "{\"error\":{\"message\":\"Invalid API key " + SAMBA_KEY + "\",\"type\":\"authentication_error\"}}");

        HttpResponse<String> response = post("/api/execute", chat("", ""));

        assertThat(response.statusCode()).isEqualTo(401);
        assertProblem(response, "provider-credentials");
        assertThat(response.body()).doesNotContain(SAMBA_KEY).doesNotContain("Authorization");
        assertThat(json(response.body()).path("category").asString()).isEqualTo("auth");
        assertThat(HUGGINGFACE.drainChatRequests()).isEmpty();
    }

    @Test
    void exhaustedCreditsEverywhereIs402() throws Exception {
        SAMBANOVA.error(402, "{\"error\":{\"message\":\"Payment required\",\"type\":\"billing_error\"}}");
        HUGGINGFACE.error(402, "{\"error\":\"You have exceeded your monthly included credits for Inference Providers.\"}");

        HttpResponse<String> response = post("/api/execute", chat("", ""));

        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode problem = assertProblem(response, "quota-exceeded");
        assertThat(problem.path("detail").asString()).contains("monthly included credits");
        assertThat(problem.path("attempts")).hasSize(2);
        assertThat(problem.path("attempts").path(0).path("upstreamStatus").asInt()).isEqualTo(402);
        assertThat(problem.path("attempts").path(1).path("upstreamStatus").asInt()).isEqualTo(402);
    }

    @Test
    void rateLimitedEverywhereIs429WithRetryAfterPassedThrough() throws Exception {
        SAMBANOVA.error(429, "{\"error\":{\"message\":\"Rate limit exceeded\",\"code\":\"rate_limit_exceeded\"}}",
                "Retry-After", "3");
        HUGGINGFACE.error(429, "{\"error\":\"Too many requests\"}", "Retry-After", "7");

        HttpResponse<String> response = post("/api/execute", chat("", ""));

        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode problem = assertProblem(response, "rate-limited");
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        assertThat(problem.path("retryAfterSeconds").asInt()).isEqualTo(7);
        assertThat(problem.path("attempts").path(0).path("upstreamStatus").asInt()).isEqualTo(429);
        assertThat(problem.path("attempts").path(1).path("provider").asString()).isEqualTo("huggingface");
    }

    @Test
    void serverErrorsAreRetriedOnceThenAnswered502Or503() throws Exception {
        SAMBANOVA.error(500, "{\"error\":{\"message\":\"internal\"}}");
        HUGGINGFACE.error(500, "{\"error\":\"internal\"}");
        HttpResponse<String> badGateway = post("/api/execute", chat("", ""));
        assertThat(badGateway.statusCode()).isEqualTo(502);
        JsonNode problem = assertProblem(badGateway, "bad-gateway");
        assertThat(problem.path("attempts").path(0).path("provider").asString()).isEqualTo("sambanova");
        assertThat(problem.path("attempts").path(1).path("provider").asString()).isEqualTo("huggingface");
        assertThat(problem.path("attempts").path(0).path("upstreamStatus").asInt()).isEqualTo(500);
        assertThat(problem.path("attempts").path(1).path("upstreamStatus").asInt()).isEqualTo(500);

        SAMBANOVA.error(503, "{\"error\":{\"message\":\"maintenance\"}}");
        HUGGINGFACE.error(503, "{\"error\":\"Service Unavailable\"}");
        HttpResponse<String> unavailable = post("/api/execute", chat("", ""));
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertProblem(unavailable, "unavailable");

        List<Map<String, Object>> rows = usageRows(2);
        assertThat(rows).extracting(r -> r.get("outcome")).containsOnly("error");
        assertThat(rows).extracting(r -> r.get("attempts")).containsOnly(2);
    }

    @Test
    void slowFirstByteTimesOutAndFailsOverToTheNextProvider() throws Exception {
        SAMBANOVA.stream(new ScriptedBody().pause(5_000).write(sambaRole(SAMBA_MODEL)));
        HUGGINGFACE.stream(hfReply(HF_MODEL, true, "From ", "HF"));

        HttpResponse<String> response = post("/api/execute", chat(",\"stream\":true", ""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Symbia-Provider")).contains("huggingface");
        List<String> frames = dataFrames(response.body());
        assertThat(frames.subList(0, 2)).containsExactly("{\"content\":\"From \"}", "{\"content\":\"HF\"}");
        assertThat(json(frames.get(2)).path("done").asBoolean()).isTrue();
        assertThat(SAMBANOVA.drainChatRequests()).hasSize(1);
        assertThat(usageRows(1).getFirst()).containsEntry("provider", "huggingface").containsEntry("model", HF_MODEL)
                .containsEntry("attempts", 2).containsEntry("outcome", "success");
    }

    @Test
    void silenceMidStreamEndsWithOneErrorFrameAndNoRetry() throws Exception {
        SAMBANOVA.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "Partial answer"))
                .pause(5_000));

        HttpResponse<String> response = post("/api/execute", chat(",\"stream\":true", ""));

        List<String> frames = dataFrames(response.body());
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isEqualTo("{\"content\":\"Partial answer\"}");
        JsonNode error = json(frames.get(1));
        assertThat(error.path("code").asString()).isEqualTo("timeout");
        assertThat(error.path("status").asInt()).isEqualTo(504);
        assertThat(error.path("details").asString()).contains("went silent");
        assertThat(error.has("done")).isFalse();
        assertThat(response.body()).as("keep-alive while the provider is silent").contains(": ping\n\n");
        assertThat(HUGGINGFACE.drainChatRequests()).isEmpty();
        assertThat(usageRows(1).getFirst()).containsEntry("outcome", "error").containsEntry("error_category", "timeout")
                .containsEntry("completion_tokens", 4).containsEntry("usage_estimated", true);
    }

    @Test
    void streamCutMidAnswerIsAnErrorFrameNotACleanEnd() throws Exception {
        SAMBANOVA.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "Half")).cut());

        HttpResponse<String> response = post("/api/execute", chat(",\"stream\":true", ""));
        List<String> frames = dataFrames(response.body());

        assertThat(frames).as(response.body()).hasSize(2);
        assertThat(json(frames.get(1)).path("code").asString()).isEqualTo("provider");
    }

    @Test
    void aCallerThatLeavesCancelsTheProviderCall() throws Exception {
        ScriptedBody slow = new ScriptedBody().write(sambaRole(SAMBA_MODEL));
        for (int i = 0; i < 300; i++) {
            slow.write(sambaDelta(SAMBA_MODEL, "tok" + i + " ")).pause(50);
        }
        SAMBANOVA.stream(slow);
        String body = chat(",\"stream\":true", "");
        long leftAt;
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/execute HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + user.bearer() + "\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int deltas = 0;
            String line;
            while (deltas < 3 && (line = in.readLine()) != null) {
                if (line.contains("\"content\"")) {
                    deltas++;
                }
            }
            assertThat(deltas).isEqualTo(3);
            leftAt = System.nanoTime();
        }

        long providerClosedAt = slow.clientGone().get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(providerClosedAt - leftAt)).isLessThan(Duration.ofMillis(1500));
        Map<String, Object> row = usageRows(1).getFirst();
        assertThat(row).containsEntry("outcome", "cancelled").containsEntry("finish_reason", "cancelled")
                .containsEntry("usage_estimated", true);
        assertThat((Integer) row.get("completion_tokens")).isPositive();
    }

    @Test
    void unknownProviderIs404AndMissingCallerIs401() throws Exception {
        HttpResponse<String> unknown = post("/api/execute", chat(",\"provider\":\"anthropic\"", ""));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("providers").toString()).contains("sambanova", "huggingface", "local");

        HttpResponse<String> anonymous = post("/api/execute", chat("", ""), Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertProblem(anonymous, "unauthenticated");
    }

    private static JsonNode assertProblem(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response.body());
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
