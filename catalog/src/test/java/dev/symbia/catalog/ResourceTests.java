package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Resources CRUD, bulk, lists with filters and cursors, and who may see or change what. */
class ResourceTests extends CatalogTestSupport {

    @Test
    void createsReadsUpdatesAndDeletesInTheCallersOrg() {
        String org = unique("org");
        String token = admin(org);
        String key = unique("assistants/a");
        JsonNode created = create(token, map("key", key, "name", "A", "type", "assistant", "tags", List.of("x"),
                "metadata", map("alias", "a")));
        assertThat(created.path("orgId").asString()).isEqualTo(org);
        assertThat(created.path("status").asString()).isEqualTo("draft");
        assertThat(created.path("isBootstrap").asBoolean()).isFalse();
        assertThat(created.path("currentVersion").asInt()).isZero();
        assertThat(created.path("accessPolicy").path("visibility").asString()).isEqualTo("private");
        String id = created.path("id").asString();

        assertThat(get("/api/resources/" + id, member(org)).expect(200).body().path("key").asString()).isEqualTo(key);
        JsonNode updated = patch("/api/resources/" + id, map("name", "B", "tags", List.of("y")), token).expect(200).body();
        assertThat(updated.path("name").asString()).isEqualTo("B");
        assertThat(updated.path("tags").get(0).asString()).isEqualTo("y");

        assertThat(delete("/api/resources/" + id, token).expect(200).body().path("success").asBoolean()).isTrue();
        get("/api/resources/" + id, token).problem(404);
    }

    @Test
    void duplicateKeyIsAConflict() {
        String org = unique("org");
        String key = unique("contexts/dup");
        create(member(org), map("key", key, "name", "One", "type", "context"));
        post("/api/resources", map("key", key, "name", "Two", "type", "context"), member(unique("other"))).problem(409);
        String second = create(member(org), map("key", key + "-2", "name", "Two", "type", "context")).path("id").asString();
        patch("/api/resources/" + second, map("key", key), member(org)).problem(409);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        String token = member(unique("org"));
        JsonNode unknown = post("/api/resources", map("key", unique("k"), "name", "n", "type", "context", "colour", "red"), token)
                .problem(400).body();
        assertThat(unknown.path("detail").asString()).contains("colour");
        post("/api/resources", map("key", unique("k"), "name", "n", "type", "widget"), token).problem(400);
        post("/api/resources", map("name", "n", "type", "context"), token).problem(400);
        post("/api/resources", map("key", "bad key with spaces", "name", "n", "type", "context"), token).problem(400);
        post("/api/resources", "[1,2]", token).problem(400);
        post("/api/resources", "{not json", token).problem(400);
        post("/api/resources", map("key", unique("k"), "name", "n", "type", "context", "accessPolicy", map("visibility", "everyone")),
                token).problem(400);
        post("/api/resources", map("key", unique("k"), "name", "n", "type", "context", "status", "published"), token).problem(400);
        get("/api/resources/not-a-uuid", token).problem(400);
        get("/api/resources?limit=0", token).problem(400);
        get("/api/resources?type=widget", token).problem(400);
        get("/api/resources?cursor=%25%25", token).problem(400);
        get("/api/resources?cursor=bm9wZQ", token).problem(400);
    }

    @Test
    void wrongPrincipals() {
        String org = unique("org");
        String id = create(admin(org), map("key", unique("k"), "name", "n", "type", "context")).path("id").asString();
        // anonymous
        post("/api/resources", map("key", unique("k"), "name", "n", "type", "context"), null).problem(401);
        patch("/api/resources/" + id, map("name", "x"), null).problem(401);
        delete("/api/resources/" + id, null).problem(401);
        get("/api/resources/" + id, null).problem(404);
        // viewer: reads nothing private (no cap:registry.write), creates nothing
        post("/api/resources", map("key", unique("k"), "name", "n", "type", "context"), viewer(org)).problem(403);
        // member: may read and write, not delete (role:admin only)
        patch("/api/resources/" + id, map("name", "x"), member(org)).expect(200);
        delete("/api/resources/" + id, member(org)).problem(403);
        // another org: its private resource does not exist for them
        String stranger = admin(unique("other"));
        get("/api/resources/" + id, stranger).problem(404);
        patch("/api/resources/" + id, map("name", "y"), stranger).problem(404);
        delete("/api/resources/" + id, stranger).problem(404);
        post("/api/resources/" + id + "/publish", null, stranger).problem(404);
        // bootstrap flag is the platform's
        post("/api/resources", map("key", unique("k"), "name", "n", "type", "context", "isBootstrap", true), admin(org)).problem(403);
        // moving to another org
        patch("/api/resources/" + id, map("orgId", "elsewhere"), admin(org)).problem(403);
    }

    @Test
    void listsAreBareArraysFilteredByReadAccessWithCursors() {
        String org = unique("org");
        String token = admin(org);
        String tag = unique("tag");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String key = unique("assistants/l" + i);
            keys.add(key);
            create(token, map("key", key, "name", "L" + i, "type", i < 4 ? "assistant" : "context", "tags", List.of(tag)));
        }
        String stranger = admin(unique("other"));
        create(stranger, map("key", unique("assistants/hidden"), "name", "H", "type", "assistant", "tags", List.of(tag)));

        JsonNode all = get("/api/resources?tag=" + tag, token).expect(200).body();
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(5);
        assertThat(get("/api/resources?tag=" + tag + "&type=assistant", token).expect(200).body()).hasSize(4);
        assertThat(get("/api/resources?tag=" + tag + "&orgId=" + org + "&status=draft", token).expect(200).body()).hasSize(5);
        assertThat(get("/api/resources?tag=" + tag, null).expect(200).body()).isEmpty();

        Set<String> seen = new HashSet<>();
        Reply page = get("/api/resources?tag=" + tag + "&limit=2", token).expect(200);
        int pages = 0;
        while (true) {
            pages++;
            page.body().forEach(r -> seen.add(r.path("key").asString()));
            String next = page.header("X-Next-Cursor");
            if (next == null) {
                break;
            }
            assertThat(page.header("Link")).contains("cursor=" + next).contains("rel=\"next\"");
            page = get("/api/resources?tag=" + tag + "&limit=2&cursor=" + next, token).expect(200);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(keys);
    }

    @Test
    void bulkActsOnEachIdSeparately() {
        String org = unique("org");
        String token = admin(org);
        String a = create(token, map("key", unique("k"), "name", "a", "type", "context")).path("id").asString();
        String b = create(token, map("key", unique("k"), "name", "b", "type", "context")).path("id").asString();
        String foreign = create(admin(unique("other")), map("key", unique("k"), "name", "c", "type", "context")).path("id").asString();

        JsonNode tagged = post("/api/resources/bulk", map("ids", List.of(a, b, foreign), "action", "addTags",
                "payload", map("tags", List.of("bulk"))), token).expect(200).body();
        assertThat(tagged.path("summary").path("succeeded").asInt()).isEqualTo(2);
        assertThat(tagged.path("summary").path("failed").asInt()).isEqualTo(1);
        assertThat(tagged.path("results").get(2).path("status").asString()).isEqualTo("failed");
        assertThat(get("/api/resources/" + a, token).body().path("tags").toString()).contains("bulk");

        JsonNode published = post("/api/resources/bulk", map("ids", List.of(a), "action", "publish"), token).expect(200).body();
        assertThat(published.path("summary").path("succeeded").asInt()).isEqualTo(1);
        assertThat(get("/api/resources/" + a, token).body().path("currentVersion").asInt()).isEqualTo(1);

        post("/api/resources/bulk", map("ids", List.of(), "action", "publish"), token).problem(400);
        post("/api/resources/bulk", map("ids", List.of(a), "action", "explode"), token).problem(400);
        post("/api/resources/bulk", map("ids", List.of(a), "action", "updateStatus"), token).problem(400);
        post("/api/resources/bulk", map("ids", List.of(a), "action", "delete"), null).problem(401);
        JsonNode deleted = post("/api/resources/bulk", map("ids", List.of(a, b), "action", "delete"), member(org)).expect(200).body();
        assertThat(deleted.path("summary").path("failed").asInt()).isEqualTo(2);
    }

    @Test
    void platformWideResourcesNeedPlatformGrants() {
        // The runtime registers its component manifests platform-wide with its service token.
        String service = IDENTITY.service("runtime").token();
        JsonNode component = create(service, map("key", unique("components/runtime.x"), "name", "X", "type", "component",
                "accessPolicy", map("visibility", "public", "actions", map("read", map("anyOf", List.of("public")),
                        "write", map("anyOf", List.of("cap:registry.write")), "publish", map("anyOf", List.of("cap:registry.publish")))),
                "metadata", componentManifest("runtime.x", "1.0.0")));
        assertThat(component.path("orgId").isNull()).isTrue();
        String id = component.path("id").asString();
        post("/api/resources/" + id + "/publish", null, service).expect(201);
        // Anyone reads it; an org admin's org capabilities do not reach platform-wide resources.
        assertThat(get("/api/resources/" + id, null).expect(200).body().path("key").asString()).startsWith("components/");
        patch("/api/resources/" + id, map("name", "hijacked"), admin(unique("org"))).problem(403);
        // A platform developer (role:developer → cap:registry.write outside any org) may.
        String developer = IDENTITY.user(unique("dev")).platformCaps("cap:registry.write").token();
        patch("/api/resources/" + id, map("name", "Renamed"), developer).expect(200);
        // A user with no org and no platform grant creates nothing.
        post("/api/resources", map("key", unique("k"), "name", "n", "type", "context"), IDENTITY.user(unique("loner")).token())
                .problem(403);
    }
}
