package dev.symbia.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /api/graphs: validation one refusal at a time (each a 400 naming the field), topology, YAML, access. */
class GraphLoadTests extends RuntimeTestSupport {

    private static final String P = "symbia.io.passthrough";

    private JsonNode refused(Object graph, String token) {
        return post("/api/graphs", graph, token).problem(400).body();
    }

    private static String fields(JsonNode problem) {
        StringBuilder out = new StringBuilder();
        problem.path("errors").forEach(e -> out.append(e.path("field").asString()).append('|'));
        return out.toString();
    }

    @Test
    void validationRefusesInTheReferenceOrderNamingTheField() {
        String token = member(unique("org"));
        assertThat(fields(refused(map("name", "g", "nodes", List.of(), "edges", List.of()), token))).contains("symbia");
        assertThat(fields(refused(map("symbia", "1.0", "nodes", List.of(), "edges", List.of()), token))).contains("name");
        assertThat(fields(refused(map("symbia", "1.0", "name", "g", "edges", List.of()), token))).contains("nodes");
        assertThat(fields(refused(graph("g", List.of(map("component", P)), List.of()), token))).contains("nodes[0].id");
        JsonNode duplicate = refused(graph("g", List.of(node("a", P, null), node("a", P, null)), List.of()), token);
        assertThat(duplicate.path("detail").asString()).contains("Duplicate node id 'a'");
        assertThat(fields(duplicate)).contains("nodes[1].id");
        assertThat(fields(refused(graph("g", List.of(node("a", P, null)), List.of(edge("a", "out", "ghost", "in"))), token)))
                .contains("edges[0].target.node");
        JsonNode unknown = refused(graph("g", List.of(node("a", "nope.one", null), node("b", "nope.two", null), map("id", "c")),
                List.of()), token);
        assertThat(fields(unknown)).contains("nodes[0].component", "nodes[1].component", "nodes[2].component");
        assertThat(fields(refused(graph("g", List.of(node("a", P, null), node("b", P, null)), List.of(edge("a", "nope", "b", "in"))),
                token))).contains("edges[0].source.port");
        assertThat(fields(refused(graph("g", List.of(node("a", P, null), node("b", P, null)), List.of(edge("a", "out", "b", "x"))),
                token))).contains("edges[0].target.port");
        JsonNode config = refused(graph("g", List.of(node("m", "symbia.compute.arithmetic", map("expresion", "{a}"))), List.of()), token);
        assertThat(fields(config)).contains("nodes[0].config");
        assertThat(config.path("detail").asString()).contains("expression").contains("node 'm'");
        assertThat(fields(refused(graph("g", List.of(node("d", "symbia.io.delay", map("ms", "soon"))), List.of()), token)))
                .contains("nodes[0].config.ms");
        JsonNode cycle = refused(graph("g", List.of(node("a", P, null), node("b", P, null)),
                List.of(edge("a", "out", "b", "in"), edge("b", "out", "a", "in"))), token);
        assertThat(cycle.path("detail").asString()).contains("Graph contains cycles");
        assertThat(refused(graph("g", List.of(node("a", P, null)), List.of(edge("a", "out", "a", "in"))), token)
                .path("detail").asString()).contains("cycles");
        post("/api/graphs", "{not json", token).problem(400);
        post("/api/graphs", "[1,2]", token).problem(400);
    }

    @Test
    void kahnOrderAndLevelsFollowTheReference() {
        String token = member(unique("org"));
        // a → b → d, a → c → d, e alone; d's level is the longest path (2); seeded in node order (a, e)
        Map<String, Object> g = graph("diamond", List.of(node("a", P, null), node("b", P, null), node("c", P, null),
                node("d", "symbia.io.merge", null), node("e", P, null)), List.of(edge("a", "out", "b", "in"), edge("a", "out", "c", "in"),
                edge("b", "out", "d", "left"), edge("c", "out", "d", "right")));
        JsonNode loaded = post("/api/graphs", g, token).expect(201).body();
        assertThat(loaded.path("type").asString()).isEqualTo("graph");
        assertThat(loaded.path("nodeCount").asInt()).isEqualTo(5);
        assertThat(loaded.path("topology").path("inputNodes").toString()).isEqualTo("[\"a\",\"e\"]");
        assertThat(loaded.path("topology").path("outputNodes").toString()).isEqualTo("[\"d\",\"e\"]");
        JsonNode detail = get("/api/graphs/" + loaded.path("id").asString(), token).expect(200).body();
        assertThat(detail.path("topology").path("sorted").toString()).isEqualTo("[\"a\",\"e\",\"b\",\"c\",\"d\"]");
        assertThat(detail.path("topology").path("levels").path("d").asInt()).isEqualTo(2);
        assertThat(detail.path("topology").path("levels").path("e").asInt()).isEqualTo(0);
        // a switch's allowlisted ports are outputs
        load(graph("sw", List.of(node("s", "symbia.logic.switch", map("ports", List.of("hot"))), node("t", P, null)),
                List.of(edge("s", "hot", "t", "in"))), token);
    }

    @Test
    void yamlLoadsToo() {
        String token = member(unique("org"));
        String yaml = """
                symbia: "1.0"
                name: from-yaml
                nodes:
                  - id: a
                    component: symbia.io.passthrough
                edges: []
                """;
        assertThat(call("POST", "/api/graphs", yaml, token, Map.of("Content-Type", "application/yaml")).expect(201).body().path("name").asString())
                .isEqualTo("from-yaml");
        call("POST", "/api/graphs", "symbia: [unclosed", token, Map.of("Content-Type", "application/yaml")).problem(400);
    }

    @Test
    void graphsBelongToTheirOrg() {
        String org = unique("org");
        String token = member(org);
        String id = load(graph("mine", List.of(node("a", P, null)), List.of()), token);
        Map<String, Object> body = graph("x", List.of(node("a", P, null)), List.of());
        post("/api/graphs", body, null).problem(401);
        post("/api/graphs", body, viewer(org)).problem(403);
        String stranger = member(unique("other"));
        get("/api/graphs/" + id, stranger).problem(404);
        delete("/api/graphs/" + id, stranger).problem(404);
        assertThat(get("/api/graphs", stranger).expect(200).body().path("graphs").toString()).doesNotContain(id);
        assertThat(get("/api/graphs", token).expect(200).body().path("graphs").toString()).contains(id);
        get("/api/graphs", null).problem(401);
        delete("/api/graphs/" + id, token).expect(204);
        get("/api/graphs/" + id, token).problem(404);
    }

    @Test
    void componentsArePublicDeclarations() {
        JsonNode all = get("/api/components", null).expect(200).body();
        assertThat(all.path("count").asInt()).isEqualTo(22);
        assertThat(get("/api/components/symbia.io.http-request", null).expect(200).body().path("emitsApocryphal").asBoolean()).isTrue();
        get("/api/components/nope", null).problem(404);
    }
}
