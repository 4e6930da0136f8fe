package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Publishing makes immutable versions; resolve pins a key to one of them. */
class VersionTests extends CatalogTestSupport {

    @Test
    void publishEditPublishGivesTwoVersionsAndVersionOneNeverChanges() {
        String org = unique("org");
        String token = admin(org);
        String key = unique("components/acme.thing");
        String id = create(token, map("key", key, "name", "Thing", "description", "first", "type", "component",
                "metadata", componentManifest("acme.thing", "1.0.0"))).path("id").asString();

        JsonNode v1 = post("/api/resources/" + id + "/publish", map("changelog", "first cut"), token).expect(201).body();
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        assertThat(v1.path("changelog").asString()).isEqualTo("first cut");
        assertThat(v1.path("createdBy").asString()).isNotBlank();
        assertThat(v1.path("content").path("description").asString()).isEqualTo("first");

        patch("/api/resources/" + id, map("description", "second", "metadata", componentManifest("acme.thing", "1.1.0")), token)
                .expect(200);
        // The edit changed the working copy only.
        JsonNode stillV1 = get("/api/resources/" + id + "/versions/1", token).expect(200).body();
        assertThat(stillV1.path("content")).isEqualTo(v1.path("content"));

        JsonNode v2 = post("/api/resources/" + id + "/publish", null, token).expect(201).body();
        assertThat(v2.path("version").asInt()).isEqualTo(2);
        assertThat(v2.path("content").path("description").asString()).isEqualTo("second");
        assertThat(v2.path("content").path("metadata").path("manifest").path("version").asString()).isEqualTo("1.1.0");
        assertThat(get("/api/resources/" + id + "/versions/1", token).body().path("content")).isEqualTo(v1.path("content"));

        JsonNode list = get("/api/resources/" + id + "/versions", token).expect(200).body();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("version").asInt()).isEqualTo(2);
        JsonNode resource = get("/api/resources/" + id, token).body();
        assertThat(resource.path("currentVersion").asInt()).isEqualTo(2);
        assertThat(resource.path("status").asString()).isEqualTo("published");
    }

    @Test
    void resolveByNumberRangeAndLatest() {
        String org = unique("org");
        String token = admin(org);
        String key = unique("components/acme.ranged");
        String id = create(token, map("key", key, "name", "R", "type", "component",
                "metadata", componentManifest("acme.ranged", "1.2.0"))).path("id").asString();
        post("/api/resources/" + id + "/publish", null, token).expect(201);
        patch("/api/resources/" + id, map("metadata", componentManifest("acme.ranged", "1.4.2")), token).expect(200);
        post("/api/resources/" + id + "/publish", null, token).expect(201);
        patch("/api/resources/" + id, map("metadata", componentManifest("acme.ranged", "2.0.0")), token).expect(200);
        post("/api/resources/" + id + "/publish", null, token).expect(201);

        assertThat(get("/api/resolve/" + key, token).expect(200).body().path("version").asInt()).isEqualTo(3);
        assertThat(get("/api/resolve/" + key + "?version=latest", token).body().path("version").asInt()).isEqualTo(3);
        assertThat(get("/api/resolve/" + key + "?version=1", token).body().path("semver").asString()).isEqualTo("1.2.0");
        assertThat(get("/api/resolve/" + key + "?version=%5E1.0.0", token).expect(200).body().path("version").asInt()).isEqualTo(2);
        assertThat(get("/api/resolve/" + key + "?version=~1.2.0", token).expect(200).body().path("version").asInt()).isEqualTo(1);
        assertThat(get("/api/resolve/" + key + "?version=%3C1.3", token).expect(200).body().path("version").asInt()).isEqualTo(1);
        assertThat(get("/api/resolve/" + key + "?version=%3E%3D2.0.0", token).expect(200).body().path("version").asInt()).isEqualTo(3);
        get("/api/resolve/" + key + "?version=%5E3.0.0", token).problem(404);
        get("/api/resolve/" + key + "?version=9", token).problem(404);
        get("/api/resolve/" + key + "?version=banana", token).problem(400);
        get("/api/resolve/" + unique("nothing/here"), token).problem(404);
        // another org's private resource resolves for nobody there; anonymous neither
        get("/api/resolve/" + key, admin(unique("other"))).problem(404);
        get("/api/resolve/" + key, null).problem(404);
    }

    @Test
    void versionsAreCheckedLikeTheResource() {
        String org = unique("org");
        String token = admin(org);
        String id = create(token, map("key", unique("k"), "name", "n", "type", "context")).path("id").asString();
        post("/api/resources/" + id + "/publish", null, token).expect(201);
        String stranger = admin(unique("other"));
        get("/api/resources/" + id + "/versions", stranger).problem(404);
        get("/api/resources/" + id + "/versions/1", stranger).problem(404);
        get("/api/resources/" + id + "/versions", null).problem(404);
        get("/api/resources/" + id + "/versions/x", token).problem(400);
        get("/api/resources/" + id + "/versions/7", token).problem(404);
        // publishing: anonymous 401, a member (no cap:registry.publish) 403, bad body 400
        post("/api/resources/" + id + "/publish", null, null).problem(401);
        post("/api/resources/" + id + "/publish", null, member(org)).problem(403);
        post("/api/resources/" + id + "/publish", map("changelog", 5), token).problem(400);
        post("/api/resources/" + id + "/publish", map("note", "x"), token).problem(400);
        // PATCH cannot fake a publish
        String draft = create(token, map("key", unique("k"), "name", "n", "type", "context")).path("id").asString();
        patch("/api/resources/" + draft, map("status", "published"), token).problem(400);
        assertThat(get("/api/resources/" + draft + "/versions", token).body()).isEmpty();
        assertThat(List.of(get("/api/resources/" + id, token).body().path("currentVersion").asInt())).containsExactly(1);
    }
}
