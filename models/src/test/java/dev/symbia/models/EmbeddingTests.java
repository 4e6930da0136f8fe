package dev.symbia.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Real embeddings from a BERT-architecture GGUF (written by {@link TinyGguf#writeBert}) through llama.cpp. */
class EmbeddingTests extends ModelsTestSupport {

    @Test
    void anEncoderEmbedsEachInputDeterministically() throws Exception {
        HttpResponse<String> reply = post("/v1/embeddings",
                "{\"model\":\"" + EMBED + "\",\"input\":[\"hello world\",\"quite different words\",\"hello world\"]}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode body = json(reply.body());
        assertThat(body.path("object").asString()).isEqualTo("list");
        assertThat(body.path("model").asString()).isEqualTo(EMBED);
        JsonNode data = body.path("data");
        assertThat(data).hasSize(3);
        List<List<Double>> vectors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(data.get(i).path("object").asString()).isEqualTo("embedding");
            assertThat(data.get(i).path("index").asInt()).isEqualTo(i);
            List<Double> vector = new ArrayList<>();
            data.get(i).path("embedding").forEach(v -> vector.add(v.asDouble()));
            assertThat(vector).hasSize(64).anyMatch(v -> v != 0.0); // the encoder's width, not all zeros
            vectors.add(vector);
        }
        assertThat(vectors.get(0)).isEqualTo(vectors.get(2)).isNotEqualTo(vectors.get(1));
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isPositive();

        HttpResponse<String> single = post("/v1/embeddings", "{\"model\":\"" + EMBED + "\",\"input\":\"hello world\"}");
        assertThat(single.statusCode()).isEqualTo(200);
        List<Double> again = new ArrayList<>();
        json(single.body()).path("data").get(0).path("embedding").forEach(v -> again.add(v.asDouble()));
        assertThat(again).isEqualTo(vectors.get(0));
    }

    @Test
    void theEncoderIsListedForEmbeddingsAndRefusesToChat() throws Exception {
        JsonNode model = json(get("/v1/models/" + EMBED, member.bearer()).body());
        assertThat(model.toString()).contains("embeddings");
        HttpResponse<String> chat = post("/v1/chat/completions", chatBody(EMBED, "", "hi"));
        assertThat(chat.statusCode()).isEqualTo(400);
        assertThat(json(chat.body()).path("code").asString()).isEqualTo("unsupported_operation");
    }

    @Test
    void badInputAndWrongPrincipals() throws Exception {
        assertThat(post("/v1/embeddings", "{\"model\":\"" + EMBED + "\",\"input\":42}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/embeddings", "{\"model\":\"" + EMBED + "\",\"input\":[]}").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("/v1/embeddings", "{\"model\":\"no-such-model\",\"input\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("error").path("code").asString()).isEqualTo("model_not_found");
        String body = "{\"model\":\"" + EMBED + "\",\"input\":\"hello\"}";
        assertThat(post("/v1/embeddings", body, null).statusCode()).isEqualTo(401);
        String viewer = IDENTITY.user("viewer-" + orgId).member(orgId, "viewer").bearer();
        assertThat(post("/v1/embeddings", body, viewer).statusCode()).isEqualTo(403);
    }
}
