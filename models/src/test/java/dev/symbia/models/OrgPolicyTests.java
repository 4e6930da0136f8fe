package dev.symbia.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Org admins restrict which local models their org may use; other orgs are unaffected. */
class OrgPolicyTests extends ModelsTestSupport {

    @Test
    void anOrgAdminRestrictsTheOrgsModels() throws Exception {
        HttpResponse<String> set = put("/api/models/policy", "{\"allowedModels\":[\"" + OTHER + "\"]}", admin.bearer());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set.body()).path("restricted").asBoolean()).isTrue();

        HttpResponse<String> refused = post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":1", "hi"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).path("error").path("code").asString()).isEqualTo("model_not_allowed");
        assertThat(ids(get("/v1/models", member.bearer()))).containsExactly(OTHER);
        assertThat(post("/v1/chat/completions", chatBody(OTHER, "\"max_tokens\":1", "hi")).statusCode()).isEqualTo(200);

        // another org is not restricted
        String stranger = IDENTITY.user(UUID.randomUUID().toString()).member(UUID.randomUUID().toString(), "member")
                .bearer();
        assertThat(post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":1", "hi"), stranger).statusCode())
                .isEqualTo(200);

        // lifting it
        assertThat(put("/api/policy", "{\"allowedModels\":null}", admin.bearer()).statusCode()).isEqualTo(200);
        assertThat(ids(get("/v1/models", member.bearer()))).contains(CHAT, OTHER);
    }

    @Test
    void onlyAnOrgAdminSetsThePolicyAndBadInputIsA400() throws Exception {
        assertThat(put("/api/models/policy", "{\"allowedModels\":[]}", member.bearer()).statusCode()).isEqualTo(403);
        assertThat(put("/api/models/policy", "{\"allowedModels\":[]}", null).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = put("/api/models/policy", "{\"allowedModels\":{\"a\":1}}", admin.bearer());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("allowedModels");
        assertThat(put("/api/models/policy", "{\"allowedModels\":[\"Not An Id\"]}", admin.bearer()).statusCode())
                .isEqualTo(400);
        assertThat(put("/api/models/policy", "{}", admin.bearer()).statusCode()).isEqualTo(400);
        JsonNode policy = json(get("/api/models/policy", member.bearer()).body());
        assertThat(policy.path("restricted").asBoolean()).isFalse();
        assertThat(policy.path("orgId").asString()).isEqualTo(orgId);
    }

    private HttpResponse<String> put(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(HttpResponse<String> response) {
        return StreamSupport.stream(json(response.body()).path("data").spliterator(), false)
                .map(m -> m.path("id").asString()).toList();
    }
}
