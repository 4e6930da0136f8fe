package dev.symbia.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.models.registry.ModelIds;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Discovery, ids, digests (and their cache), GGUF metadata, rescans, catalog registration, access. */
class RegistryTests extends ModelsTestSupport {

    @Test
    void idsComeFromFileNamesAsInTheReference() {
        assertThat(ModelIds.fromFilename("Llama-3.2-1B-Instruct-Q4_K_M.gguf")).isEqualTo("llama-3-2-1b-instruct-q4-k-m");
        assertThat(ModelIds.fromFilename("Tiny_Chat.GGUF")).isEqualTo("tiny-chat");
        assertThat(ModelIds.fromFilename("a b.c.gguf")).isEqualTo("a-b-c");
    }

    @Test
    void discoveryReadsDigestAndHeaderMetadata() throws Exception {
        HttpResponse<String> response = get("/api/models/" + CHAT, member.bearer());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode model = json(response.body());
        assertThat(model.path("object").asString()).isEqualTo("model");
        assertThat(model.path("owned_by").asString()).isEqualTo("symbia-labs");
        assertThat(model.path("context_length").asInt()).isEqualTo(TinyGguf.CONTEXT_LENGTH);
        JsonNode symbia = model.path("symbia");
        assertThat(symbia.path("filename").asString()).isEqualTo("Tiny_Chat.gguf");
        assertThat(symbia.path("digest").asString()).isEqualTo(sha256(DIR.resolve("Tiny_Chat.gguf")));
        assertThat(symbia.path("architecture").asString()).isEqualTo("llama");
        assertThat(symbia.path("quantization").asString()).isEqualTo("F32");
        assertThat(symbia.path("name").asString()).isEqualTo("tiny-test-llama");
        assertThat(symbia.path("parameterCount").asLong()).isEqualTo(TinyGguf.parameterCount());
        assertThat(symbia.path("chatTemplate").asString()).isEqualTo("model");
        assertThat(symbia.path("sizeBytes").asLong()).isEqualTo(Files.size(DIR.resolve("Tiny_Chat.gguf")));

        JsonNode other = json(get("/api/models/" + OTHER, member.bearer()).body());
        assertThat(other.path("symbia").path("chatTemplate").asString()).isEqualTo("default");
    }

    @Test
    void aFileThatIsNotGgufIsListedWithItsErrorButNeverOffered() throws Exception {
        JsonNode all = json(get("/api/models", member.bearer()).body()).path("models");
        JsonNode corrupt = StreamSupport.stream(all.spliterator(), false)
                .filter(m -> m.path("id").asString().equals("corrupt")).findFirst().orElseThrow();
        assertThat(corrupt.path("status").asString()).isEqualTo("error");
        assertThat(corrupt.path("symbia").path("error").asString()).contains("magic");

        List<String> offered = ids(json(get("/v1/models", member.bearer()).body()).path("data"));
        assertThat(offered).contains(CHAT, OTHER).doesNotContain("corrupt", "readme");

        HttpResponse<String> chat = post("/v1/chat/completions", chatBody("corrupt", "", "hi"));
        assertThat(chat.statusCode()).isEqualTo(404);
        assertThat(json(chat.body()).path("error").path("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void rescanFindsNewChangedAndRemovedFilesAndHashesOnlyWhatChanged() throws Exception {
        Path added = DIR.resolve("Extra Model.gguf");
        try {
            HttpResponse<String> unchanged = post("/api/models/rescan", "", admin.bearer());
            assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);
            assertThat(json(unchanged.body()).path("hashed").asInt()).isZero(); // digests cached by (path,size,mtime)

            TinyGguf.write(added, 99);
            JsonNode scan = json(post("/api/rescan", "", admin.bearer()).body()); // the gateway's path
            assertThat(scan.path("added").get(0).asString()).isEqualTo("extra-model");
            assertThat(scan.path("hashed").asInt()).isEqualTo(1);
            assertThat(ids(json(get("/v1/models", member.bearer()).body()).path("data"))).contains("extra-model");

            // same size, new mtime: hashed again
            Files.setLastModifiedTime(added, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            assertThat(json(post("/api/models/rescan", "", admin.bearer()).body()).path("hashed").asInt()).isEqualTo(1);

            Files.delete(added);
            JsonNode removed = json(post("/api/models/rescan", "", admin.bearer()).body());
            assertThat(removed.path("removed").get(0).asString()).isEqualTo("extra-model");
            assertThat(get("/v1/models/extra-model", member.bearer()).statusCode()).isEqualTo(404);
        } finally {
            Files.deleteIfExists(added);
        }
    }

    @Test
    void eachModelIsRegisteredInTheCatalog() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(CATALOG_REQUESTS.stream()
                .map(r -> json(r.getBody().utf8()))
                .filter(b -> b.path("key").asString().equals("integrations/symbia-labs/models/" + CHAT))
                .findFirst()).hasValueSatisfying(body -> {
                    assertThat(body.path("type").asString()).isEqualTo("integration");
                    assertThat(body.path("metadata").path("modelId").asString()).isEqualTo(CHAT);
                    assertThat(body.path("metadata").path("contextWindow").asInt()).isEqualTo(TinyGguf.CONTEXT_LENGTH);
                }));
        assertThat(CATALOG_REQUESTS).allSatisfy(r -> assertThat(r.getTarget()).isEqualTo("/api/resources"));
    }

    @Test
    void listingNeedsACredentialAndRescanNeedsAnAdmin() throws Exception {
        HttpResponse<String> anonymous = get("/api/models", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(get("/v1/models", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/models/rescan", "", null).statusCode()).isEqualTo(401);

        HttpResponse<String> byMember = post("/api/models/rescan", "", member.bearer());
        assertThat(byMember.statusCode()).isEqualTo(403);
        assertThat(byMember.body()).contains("cap:integrations.admin");

        String service = IDENTITY.service("integrations").bearer();
        assertThat(get("/v1/models", service).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = get("/api/models/no-such-model", member.bearer());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void statusSaysWhetherModelsArePresent() throws Exception {
        JsonNode status = json(get("/api/models/status", member.bearer()).body());
        assertThat(status.path("modelsPresent").asBoolean()).isTrue();
        assertThat(status.path("loadable").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(status.path("unreadable").asInt()).isEqualTo(1);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    }

    private static List<String> ids(JsonNode data) {
        return StreamSupport.stream(data.spliterator(), false).map(m -> m.path("id").asString()).toList();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
