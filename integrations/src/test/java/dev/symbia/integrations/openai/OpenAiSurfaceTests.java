package dev.symbia.integrations.openai;

import static dev.symbia.test.provider.Wire.sambaReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rest of the OpenAI surface: request fields passed on (JSON mode, JSON schema, sampling
 * fields), fields a provider cannot honour refused by name, unknown models as OpenAI's 404
 * {@code model_not_found}, the model list from the providers' own lists (merged, cached, an
 * unreachable provider reported), embeddings with usage, and a stored key no header can carry.
 */
class OpenAiSurfaceTests extends GatewayTestSupport {

    private static final String SAMBA_ID = "sambanova/" + SAMBA_MODEL;
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Reply in JSON\"}]";

    @AfterEach
    void restoreModelLists() {
        SAMBANOVA.models();
        HUGGINGFACE.models();
    }

    @Test
    void jsonModeJsonSchemaAndSamplingFieldsPassThrough() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "{\"ok\":", "true}"));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI
                + ",\"response_format\":{\"type\":\"json_object\"},\"n\":1,\"stop\":\"END\",\"seed\":7,"
                + "\"user\":\"end-user-1\",\"reasoning_effort\":\"high\",\"stream_options\":{\"include_usage\":true}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("choices").path(0).path("message").path("content").asString())
                .isEqualTo("{\"ok\":true}");
        JsonNode sent = json(SAMBANOVA.takeRequest().getBody().utf8());
        assertThat(sent.path("response_format").path("type").asString()).isEqualTo("json_object");
        assertThat(sent.path("stop").path(0).asString()).isEqualTo("END");
        assertThat(sent.path("seed").asLong()).isEqualTo(7);
        assertThat(sent.path("user").asString()).isEqualTo("end-user-1");
        assertThat(sent.path("reasoning_effort").asString()).isEqualTo("high");
        assertThat(sent.path("n").asInt()).isEqualTo(1);

        HUGGINGFACE.stream(dev.symbia.test.provider.Wire.hfReply(HF_MODEL, true, "{}"));
        HttpResponse<String> schema = post("/v1/chat/completions", "{\"model\":\"huggingface/" + HF_MODEL + "\"," + HI
                + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}}},"
                + "\"presence_penalty\":0.5,\"frequency_penalty\":-0.5,\"logit_bias\":{\"50256\":-100},"
                + "\"logprobs\":true,\"top_logprobs\":2}");
        assertThat(schema.statusCode()).as(schema.body()).isEqualTo(200);
        JsonNode hfSent = json(HUGGINGFACE.takeRequest().getBody().utf8());
        assertThat(hfSent.path("response_format").path("json_schema").path("name").asString()).isEqualTo("answer");
        assertThat(hfSent.path("response_format").path("json_schema").path("schema").path("properties").has("ok"))
                .isTrue();
        assertThat(hfSent.path("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(hfSent.path("logit_bias").path("50256").asInt()).isEqualTo(-100);
        assertThat(hfSent.path("logprobs").asBoolean()).isTrue();
        assertThat(hfSent.path("top_logprobs").asInt()).isEqualTo(2);
    }

    @Test
    void aFieldTheProviderCannotHonourIsA400NamingProviderAndField() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI
                + ",\"logit_bias\":{\"50256\":-100}}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response.body());
        assertThat(body.path("error").path("message").asString()).contains("sambanova").contains("logit_bias");
        assertThat(body.path("error").path("param").asString()).isEqualTo("logit_bias");
        assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void aFieldTheProviderRejectsItselfIsAClear400() throws Exception {
        SAMBANOVA.error(400, "{\"error\":{\"message\":\"response_format json_schema is not supported for this model\","
                + "\"type\":\"invalid_request_error\",\"param\":\"response_format\"}}");

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI
                + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\",\"schema\":{}}}}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response.body());
        assertThat(body.path("error").path("message").asString()).contains("json_schema is not supported");
        assertThat(body.path("provider").asString()).isEqualTo("sambanova");
    }

    @Test
    void fieldsOutsideTheOpenAiApiStayRejectedAndUnservableOnesSaySo() throws Exception {
        HttpResponse<String> unknown = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI
                + ",\"temprature\":0.5}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).path("error").path("message").asString()).contains("Unknown field 'temprature'");

        HttpResponse<String> audio = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI
                + ",\"modalities\":[\"audio\"]}");
        assertThat(audio.statusCode()).isEqualTo(400);
        assertThat(json(audio.body()).path("error").path("message").asString()).contains("not supported by this gateway");

        HttpResponse<String> n2 = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI + ",\"n\":2}");
        assertThat(n2.statusCode()).isEqualTo(400);
        assertThat(n2.body()).contains("one choice");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void unknownProviderPrefixIsOpenAisModelNotFound() throws Exception {
        HttpResponse<String> chat = post("/v1/chat/completions", "{\"model\":\"nope/x\"," + HI + "}");
        assertThat(chat.statusCode()).isEqualTo(404);
        JsonNode error = json(chat.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("model_not_found");
        assertThat(error.path("type").asString()).isEqualTo("not_found_error");
        assertThat(error.path("message").asString()).contains("nope/x");

        HttpResponse<String> embeddings = post("/v1/embeddings", "{\"model\":\"nope/x\",\"input\":\"hi\"}");
        assertThat(embeddings.statusCode()).isEqualTo(404);
        assertThat(json(embeddings.body()).path("error").path("code").asString()).isEqualTo("model_not_found");

        HttpResponse<String> byId = get("/v1/models/sambanova/no-such-model");
        assertThat(byId.statusCode()).isEqualTo(404);
        assertThat(json(byId.body()).path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
        assertThat(usageRows(0)).isEmpty();
    }

    @Test
    void modelNotFoundUpstreamIsAlsoModelNotFound() throws Exception {
        SAMBANOVA.error(404, "{\"error\":{\"message\":\"Model does-not-exist not found\",\"type\":\"invalid_request_error\"}}");

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"sambanova/does-not-exist\"," + HI + "}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).path("error").path("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void modelListMergesWhatProvidersOfferIsCachedAndReportsAnUnreachableOne() throws Exception {
        SAMBANOVA.models("DeepSeek-V3.1", SAMBA_MODEL, "Qwen3-235B");
        HUGGINGFACE.modelsAnswer(503, "{\"error\":\"overloaded\"}");
        int listingsBefore = SAMBANOVA.modelListings();

        HttpResponse<String> response = get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response.body());
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(m -> ids.add(m.path("id").asString()));
        assertThat(ids).containsExactly(SAMBA_ID, "sambanova/DeepSeek-V3.1", "sambanova/Qwen3-235B",
                "huggingface/" + HF_MODEL, "local/llama-3-2-1b-instruct-q4-k-m");
        assertThat(body.path("unavailable")).hasSize(1);
        assertThat(body.path("unavailable").path(0).path("provider").asString()).isEqualTo("huggingface");

        HttpResponse<String> again = get("/v1/models");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(SAMBANOVA.modelListings() - listingsBefore).as("cached").isEqualTo(1);

        HttpResponse<String> one = get("/v1/models/sambanova/Qwen3-235B");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one.body()).path("id").asString()).isEqualTo("sambanova/Qwen3-235B");
        assertThat(json(one.body()).path("owned_by").asString()).isEqualTo("sambanova");
    }

    @Test
    void embeddingsGoToTheProviderAndAreAccounted() throws Exception {
        SAMBANOVA.error(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,-0.2]},"
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.3,0.4]}],\"model\":\"E5-Mistral-7B-Instruct\","
                + "\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}");

        HttpResponse<String> response = post("/v1/embeddings", "{\"model\":\"sambanova/E5-Mistral-7B-Instruct\","
                + "\"input\":[\"hello\",\"world\"],\"encoding_format\":\"float\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("object").asString()).isEqualTo("list");
        assertThat(body.path("model").asString()).isEqualTo("sambanova/E5-Mistral-7B-Instruct");
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.path("data").path(1).path("embedding").path(1).asDouble()).isEqualTo(0.4);
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(6);
        var sent = SAMBANOVA.takeRequest();
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + SAMBA_KEY);
        JsonNode sentBody = json(sent.getBody().utf8());
        assertThat(sentBody.path("model").asString()).isEqualTo("E5-Mistral-7B-Instruct");
        assertThat(sentBody.path("input").path(1).asString()).isEqualTo("world");
        Map<String, Object> row = usageRows(1).getFirst();
        assertThat(row).containsEntry("surface", "openai").containsEntry("provider", "sambanova")
                .containsEntry("outcome", "success").containsEntry("prompt_tokens", 6);
    }

    @Test
    void embeddingsBadInputAndProviderErrors() throws Exception {
        HttpResponse<String> empty = post("/v1/embeddings", "{\"model\":\"sambanova/e\",\"input\":[]}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty.body()).path("error").path("param").asString()).isEqualTo("input");

        HttpResponse<String> mixed = post("/v1/embeddings", "{\"model\":\"sambanova/e\",\"input\":[\"a\",{\"b\":1}]}");
        assertThat(mixed.statusCode()).isEqualTo(400);

        HttpResponse<String> malformed = post("/v1/embeddings", "{\"model\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed.body()).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();

        SAMBANOVA.error(429, "{\"error\":{\"message\":\"Rate limit exceeded\"}}", "Retry-After", "3");
        HttpResponse<String> limited = post("/v1/embeddings", "{\"model\":\"sambanova/e\",\"input\":\"x\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited.body()).path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(usageRows(1).getFirst()).containsEntry("outcome", "error").containsEntry("error_category", "rate_limit");
    }

    @Test
    void aStoredKeyNoHeaderCanCarryFailsOnlyItsOwnCallsWithAClearProblem() throws Exception {
        String badKey = "sn-bad-key\n\u00e9X-Injected: 1";
        IDENTITY.orgCredential(orgId, "sambanova", badKey);

        HttpResponse<String> openAi = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI + "}");
        assertThat(openAi.statusCode()).isEqualTo(422);
        JsonNode error = json(openAi.body()).path("error");
        assertThat(error.path("message").asString()).contains("sambanova").contains("newline");
        assertThat(openAi.body()).doesNotContain("sn-bad-key").doesNotContain("Injected");

        HttpResponse<String> execute = post("/api/execute", chat(",\"stream\":true", ""));
        assertThat(execute.statusCode()).isEqualTo(422);
        assertThat(execute.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(execute.body()).path("category").asString()).isEqualTo("credential");
        assertThat(execute.body()).doesNotContain("sn-bad-key");

        HttpResponse<String> models = get("/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).doesNotContain("sn-bad-key");
        HttpResponse<String> embeddings = post("/v1/embeddings", "{\"model\":\"sambanova/e\",\"input\":\"x\"}");
        assertThat(embeddings.statusCode()).isEqualTo(422);
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();

        // Another org's calls are untouched.
        orgId = UUID.randomUUID().toString();
        user = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member");
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "fine"));
        HttpResponse<String> other = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\"," + HI + "}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    }

    @Test
    void wrongPrincipals() throws Exception {
        for (String path : List.of("/v1/embeddings", "/v1/chat/completions")) {
            HttpResponse<String> anonymous = post(path, "{\"model\":\"sambanova/e\",\"input\":\"x\"}", Map.of());
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            // Refused by libs/auth's filter before any controller: still a problem, with OpenAI's envelope.
            JsonNode problem = json(anonymous.body());
            assertThat(problem.path("status").asInt()).isEqualTo(401);
            assertThat(problem.path("code").asString()).isEqualTo("unauthenticated");
            assertThat(problem.path("error").path("type").asString()).isEqualTo("authentication_error");
            assertThat(problem.path("error").path("message").asString()).isEqualTo("Authentication is required.");
            assertThat(problem.path("error").has("param")).isTrue();
        }
        assertThat(get("/v1/models/sambanova/" + SAMBA_MODEL, Map.of()).statusCode()).isEqualTo(401);
        // A member of another org naming this org is refused.
        var stranger = IDENTITY.user(UUID.randomUUID().toString()).member(UUID.randomUUID().toString(), "member");
        HttpResponse<String> foreign = post("/v1/embeddings", "{\"model\":\"sambanova/e\",\"input\":\"x\"}",
                Map.of("Authorization", stranger.bearer(), "X-Org-Id", orgId));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(json(foreign.body()).path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(json(foreign.body()).path("error").path("message").asString()).contains("X-Org-Id");
        // Elsewhere the same refusal stays the platform's plain problem.
        HttpResponse<String> platform = get("/api/usage", Map.of());
        assertThat(platform.statusCode()).isEqualTo(401);
        assertThat(json(platform.body()).has("error")).isFalse();
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void onlyTheModelRouteDecodesAnEncodedSlashAndOnlyForPlainIds() throws Exception {
        SAMBANOVA.models(SAMBA_MODEL);
        HttpResponse<String> encoded = get("/v1/models/sambanova%2F" + SAMBA_MODEL);
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        assertThat(json(encoded.body()).path("id").asString()).isEqualTo(SAMBA_ID);
        assertThat(get("/v1/models/sambanova%2f" + SAMBA_MODEL).statusCode()).isEqualTo(200);

        // Dot segments, other escapes and encoded slashes elsewhere are refused, never routed somewhere else.
        for (String path : List.of("/v1/models/..%2F..%2Fapi%2Fusage", "/v1/models/sambanova%2F..%2F..%2Fapi",
                "/v1/models/sambanova%2F%2E%2E", "/v1/models/sambanova%2F", "/api/usage%2F..",
                "/api/deployments/x%2Fy", "/v1/chat%2Fcompletions")) {
            HttpResponse<String> refused = get(path);
            assertThat(refused.statusCode()).as(path + " " + refused.body()).isBetween(400, 404);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(path).contains("problem+json");
            assertThat(refused.body()).as(path).doesNotContain("\"data\"").doesNotContain("totals");
        }
        SAMBANOVA.models();
    }
}
