package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.PlatformHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A service token acting for an org (X-Org-Id, optionally the acting user) reads that org's private resources —
 * assistants and runtime run an org's private assistants and graphs — and nothing more: not another org's, not
 * without the header, and no write the resource's policy does not already give it.
 */
class ServiceActingForOrgTests extends CatalogTestSupport {

    private final String service = IDENTITY.service("assistants").token();

    private Reply asService(String method, String path, Object body, String org) {
        Map<String, String> headers = org == null ? Map.of()
                : Map.of(PlatformHeaders.ORG, org, PlatformHeaders.ACTING_USER, unique("user"));
        return call(method, path, body, service, headers);
    }

    @Test
    void readsEveryPrivateResourceOfTheOrgItActsFor() {
        String org = unique("org");
        String tag = unique("tag");
        String key = unique("assistants/private");
        JsonNode created = create(admin(org), map("key", key, "name", "Private helper", "type", "assistant",
                "description", "answers " + tag, "tags", List.of(tag)));
        String id = created.path("id").asString();
        // Readable only by admins: even a member of the org could not read it; the service acting for the org can.
        patch("/api/resources/" + id, map("accessPolicy", map("visibility", "private", "actions",
                map("read", map("anyOf", List.of("role:admin")), "write", map("anyOf", List.of("role:admin")),
                        "publish", map("anyOf", List.of("role:admin"))))), admin(org)).expect(200);
        post("/api/resources/" + id + "/publish", map("changelog", "first"), admin(org)).expect(201);
        get("/api/resources/" + id, member(org)).problem(404);

        assertThat(asService("GET", "/api/resources/" + id, null, org).expect(200).body().path("key").asString()).isEqualTo(key);
        assertThat(asService("GET", "/api/resources?tag=" + tag + "&type=assistant", null, org).expect(200).body())
                .extracting(r -> r.path("id").asString()).containsExactly(id);
        assertThat(asService("POST", "/api/search", map("query", tag), org).expect(200).body())
                .extracting(r -> r.path("id").asString()).containsExactly(id);
        assertThat(asService("GET", "/api/resolve/" + key + "?version=latest", null, org).expect(200).body()
                .path("version").asInt()).isEqualTo(1);
        assertThat(asService("GET", "/api/resources/" + id + "/versions/1", null, org).expect(200).body()
                .path("content").path("name").asString()).isEqualTo("Private helper");
        assertThat(asService("GET", "/symbia-namespace", null, org).expect(200).body().path("resources").toString()).contains(key);
        assertThat(asService("GET", "/api/stats", null, org).expect(200).body().path("totalAssistants").asLong()).isPositive();
    }

    @Test
    void seesNothingPrivateOfAnotherOrgNorWithoutNamingTheOrg() {
        String org = unique("org");
        String other = unique("other");
        String tag = unique("tag");
        String key = unique("graphs/secret");
        String id = create(admin(org), map("key", key, "name", "Secret", "type", "context", "tags", List.of(tag)))
                .path("id").asString();
        post("/api/resources/" + id + "/publish", null, admin(org)).expect(201);
        String orgWide = post("/api/contexts", map("key", unique("contexts/org-wide"), "name", "Org wide", "orgId", org,
                "tags", List.of(tag)), admin(org)).expect(201).body().path("id").asString();

        for (String actingFor : new String[] {other, null}) {
            asService("GET", "/api/resources/" + id, null, actingFor).problem(404);
            asService("GET", "/api/resources/" + orgWide, null, actingFor).problem(404);
            asService("GET", "/api/resources/" + id + "/versions", null, actingFor).problem(404);
            asService("GET", "/api/resolve/" + key, null, actingFor).problem(404);
            assertThat(asService("GET", "/api/resources?tag=" + tag, null, actingFor).expect(200).body()).isEmpty();
            assertThat(asService("POST", "/api/search", map("query", tag), actingFor).expect(200).body()).isEmpty();
            assertThat(asService("GET", "/symbia-namespace", null, actingFor).expect(200).body().path("resources").toString())
                    .doesNotContain(key);
        }
        // Filtering by the org it does not act for changes nothing.
        assertThat(asService("GET", "/api/resources?tag=" + tag + "&orgId=" + org, null, other).expect(200).body()).isEmpty();
    }

    @Test
    void readingForAnOrgGrantsNoWrite() {
        String org = unique("org");
        String id = create(admin(org), map("key", unique("contexts/ro"), "name", "Read only", "type", "context"))
                .path("id").asString();
        asService("PATCH", "/api/resources/" + id, map("name", "changed"), org).problem(403);
        asService("DELETE", "/api/resources/" + id, null, org).problem(403);
        asService("POST", "/api/resources/" + id + "/publish", null, org).problem(403);
        assertThat(get("/api/resources/" + id, admin(org)).expect(200).body().path("name").asString()).isEqualTo("Read only");
    }

    @Test
    void theRuntimeListsEveryOrgsPublishedGraphsAndNothingElseOfThem() {
        String org = unique("org");
        String tag = unique("tag");
        String published = post("/api/graphs", map("key", unique("graphs/pub"), "name", "Published", "orgId", org,
                "tags", List.of(tag), "metadata", map("definition", map("nodes", List.of(), "edges", List.of()))), admin(org))
                .expect(201).body().path("id").asString();
        post("/api/resources/" + published + "/publish", null, admin(org)).expect(201);
        post("/api/graphs", map("key", unique("graphs/draft"), "name", "Draft", "orgId", org, "tags", List.of(tag)), admin(org))
                .expect(201);
        String context = create(admin(org), map("key", unique("contexts/c"), "name", "Ctx", "type", "context",
                "tags", List.of(tag))).path("id").asString();
        post("/api/resources/" + context + "/publish", null, admin(org)).expect(201);

        String runtime = IDENTITY.service("runtime").token();
        JsonNode listed = call("GET", "/api/resources?tag=" + tag, null, runtime, Map.of()).expect(200).body();
        assertThat(listed).extracting(r -> r.path("id").asString()).containsExactly(published);
        assertThat(listed.get(0).path("orgId").asString()).isEqualTo(org);
        // single reads are not widened (the runtime resolves a graph as its owner); other services see none of it
        call("GET", "/api/resources/" + published, null, runtime, Map.of()).problem(404);
        assertThat(asService("GET", "/api/resources?tag=" + tag, null, null).expect(200).body()).isEmpty();
    }
}
