package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Artifacts: limits (1 MB in {@link CatalogTestContext}), checksum, and access on every route. */
class ArtifactTests extends CatalogTestSupport {

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private HttpResponse<byte[]> download(String artifactId, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/artifacts/" + artifactId
                + "/download"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void uploadListDownloadDelete() throws Exception {
        String org = unique("org");
        String token = admin(org);
        String id = create(token, map("key", unique("k"), "name", "n", "type", "component",
                "metadata", componentManifest("acme.art", "1.0.0"))).path("id").asString();
        byte[] bytes = "(module)".getBytes(StandardCharsets.UTF_8);
        JsonNode artifact = post("/api/resources/" + id + "/artifacts", map("name", "mod.wasm", "type", "application/wasm",
                "content", b64(bytes)), member(org)).expect(201).body();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(artifact.path("checksum").asString()).isEqualTo(sha);
        assertThat(artifact.path("size").asLong()).isEqualTo(bytes.length);
        assertThat(artifact.has("content")).isFalse();
        String artifactId = artifact.path("id").asString();

        assertThat(get("/api/resources/" + id + "/artifacts", token).expect(200).body()).hasSize(1);
        HttpResponse<byte[]> file = download(artifactId, member(org));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(bytes);
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment").contains("mod.wasm");
        assertThat(file.headers().firstValue("X-Content-Type-Options").orElse("")).isEqualTo("nosniff");

        // another org and anonymous: the private resource's files do not exist for them
        String stranger = admin(unique("other"));
        assertThat(download(artifactId, stranger).statusCode()).isEqualTo(404);
        assertThat(download(artifactId, null).statusCode()).isEqualTo(404);
        get("/api/resources/" + id + "/artifacts", stranger).problem(404);
        post("/api/resources/" + id + "/artifacts", map("name", "a.txt", "type", "text/plain", "content", b64(bytes)), stranger)
                .problem(404);
        post("/api/resources/" + id + "/artifacts", map("name", "a.txt", "type", "text/plain", "content", b64(bytes)), null)
                .problem(401);
        post("/api/resources/" + id + "/artifacts", map("name", "a.txt", "type", "text/plain", "content", b64(bytes)),
                viewer(org)).problem(404);
        delete("/api/artifacts/" + artifactId, stranger).problem(404);
        delete("/api/artifacts/" + artifactId, null).problem(401);
        delete("/api/artifacts/" + artifactId, member(org)).problem(403);
        delete("/api/artifacts/" + artifactId, token).expect(200);
        assertThat(download(artifactId, token).statusCode()).isEqualTo(404);
    }

    @Test
    void badUploadsAreProblems() {
        String token = admin(unique("org"));
        String id = create(token, map("key", unique("k"), "name", "n", "type", "context")).path("id").asString();
        String path = "/api/resources/" + id + "/artifacts";
        post(path, map("name", "x.html", "type", "text/html", "content", b64(new byte[] {1})), token).problem(400);
        post(path, map("name", "x.svg", "type", "image/svg+xml", "content", b64(new byte[] {1})), token).problem(400);
        post(path, map("name", "../etc/passwd", "type", "text/plain", "content", b64(new byte[] {1})), token).problem(400);
        post(path, map("name", "x.txt", "type", "text/plain", "content", "!!not base64!!"), token).problem(400);
        post(path, map("name", "x.txt", "type", "text/plain"), token).problem(400);
        post(path, map("name", "x.txt", "type", "text/plain", "content", "AA==", "extra", 1), token).problem(400);
        post(path, map("name", "big.bin", "type", "application/octet-stream", "content", b64(new byte[1024 * 1024 + 1])), token)
                .problem(413);
        delete("/api/artifacts/not-a-uuid", token).problem(400);
        delete("/api/artifacts/" + java.util.UUID.randomUUID(), token).problem(404);
    }
}
