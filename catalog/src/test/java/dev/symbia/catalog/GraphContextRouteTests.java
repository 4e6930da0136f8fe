package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The /api/graphs and /api/contexts convenience routes. */
class GraphContextRouteTests extends CatalogTestSupport {

    @Test
    void graphsLiveInAnOrgAndOnlyItsMembersSeeThem() {
        String org = unique("org");
        String token = member(org);
        String id = post("/api/graphs", map("key", unique("graphs/g"), "name", "G", "orgId", org,
                "metadata", map("definition", map("nodes", List.of()))), token).expect(201).body().path("id").asString();
        assertThat(get("/api/graphs/" + id, viewer(org)).expect(200).body().path("name").asString()).isEqualTo("G");
        assertThat(get("/api/graphs?orgId=" + org, viewer(org)).expect(200).body()).hasSize(1);
        assertThat(patch("/api/graphs/" + id, map("name", "G2"), token).expect(200).body().path("name").asString()).isEqualTo("G2");
        // org admins publish org graphs (the reference needed a super admin)
        post("/api/resources/" + id + "/publish", null, token).problem(403);
        post("/api/resources/" + id + "/publish", null, admin(org)).expect(201);

        String stranger = admin(unique("other"));
        get("/api/graphs/" + id, stranger).problem(404);
        assertThat(get("/api/graphs?orgId=" + org, stranger).expect(200).body()).isEmpty();
        patch("/api/graphs/" + id, map("name", "x"), stranger).problem(404);
        delete("/api/graphs/" + id, stranger).problem(404);
        post("/api/graphs", map("key", unique("graphs/g"), "name", "G", "orgId", org), stranger).problem(403);
        post("/api/graphs", map("key", unique("graphs/g"), "name", "G", "orgId", org), null).problem(401);
        delete("/api/graphs/" + id, null).problem(401);

        post("/api/graphs", map("key", unique("graphs/g"), "name", "G"), token).problem(400);
        patch("/api/graphs/" + id, map("type", "context"), token).problem(400);
        get("/api/graphs/not-a-uuid", token).problem(400);
        delete("/api/graphs/" + id, token).problem(403);
        assertThat(delete("/api/graphs/" + id, admin(org)).expect(200).body().path("success").asBoolean()).isTrue();
    }

    @Test
    void contextsWithAndWithoutAnOrg() {
        String org = unique("org");
        String token = admin(org);
        JsonNode orgContext = post("/api/contexts", map("key", unique("context/a"), "name", "A", "orgId", org), token)
                .expect(201).body();
        assertThat(orgContext.path("accessPolicy").path("visibility").asString()).isEqualTo("org");
        JsonNode privateContext = post("/api/contexts", map("key", unique("context/b"), "name", "B"), token).expect(201).body();
        assertThat(privateContext.path("accessPolicy").path("visibility").asString()).isEqualTo("private");
        assertThat(privateContext.path("orgId").asString()).isEqualTo(org);

        String graph = post("/api/graphs", map("key", unique("graphs/g"), "name", "G", "orgId", org), token).body().path("id").asString();
        get("/api/contexts/" + graph, token).problem(404);
        get("/api/contexts/" + orgContext.path("id").asString(), admin(unique("other"))).problem(404);
        post("/api/contexts", map("key", unique("context/c"), "name", "C", "extra", 1), token).problem(400);
        post("/api/contexts", map("key", unique("context/c"), "name", "C"), null).problem(401);
        post("/api/contexts", map("key", unique("context/c"), "name", "C"), viewer(org)).problem(403);
        patch("/api/contexts/" + orgContext.path("id").asString(), map("description", "d"), token).expect(200);
        assertThat(get("/api/contexts?orgId=" + org, token).expect(200).body()).hasSize(2);
        delete("/api/contexts/" + privateContext.path("id").asString(), token).expect(200);
    }
}
