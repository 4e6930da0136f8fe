package dev.symbia.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.test.auth.TestPrincipal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The runtime acting for a graph's owner (identity's acting tokens from the shared TestIdentity) against a catalog
 * and an integrations service on their wire formats (MockWebServer): catalog events replace graphs loaded from the
 * catalog while running executions keep their version; a key that leaves the catalog unloads its graphs and clears
 * their state; declared ingresses are registered as {@code ingress/<graphName>}; {@code integration.invoke} calls
 * integrations' public connector endpoint with the owner's own token, so the owner's capabilities decide.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}", "symbia.runtime.catalog-poll=0ms",
        "symbia.runtime.manifest-enforcement=off", "symbia.runtime.register-manifests=false", "symbia.runtime.state-flush=100ms"})
@Import(CatalogSyncTests.TestBeans.class)
class CatalogSyncTests extends RuntimeTestSupport {

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        /** The relay is off in tests; catalog events are delivered through this one. */
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("runtime");
        }
    }

    private static final MockWebServer CATALOG = new MockWebServer();
    private static final MockWebServer INTEGRATIONS = new MockWebServer();
    /** Catalog key → its published definitions, version n at index n-1; absent = deleted. */
    private static final Map<String, List<String>> PUBLISHED = new ConcurrentHashMap<>();
    private static final Map<String, String> ROLES = new ConcurrentHashMap<>();
    private static final List<RecordedRequest> CATALOG_SEEN = new CopyOnWriteArrayList<>();
    private static final List<RecordedRequest> INTEGRATIONS_SEEN = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> INGRESSES = new CopyOnWriteArrayList<>();

    static {
        CATALOG.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                CATALOG_SEEN.add(request);
                String target = request.getTarget();
                if (target.startsWith("/api/resolve/")) {
                    return resolve(target.substring("/api/resolve/".length()));
                }
                if (target.startsWith("/api/resources?type=integration")) {
                    return json(200, INGRESSES.toString());
                }
                if (request.getMethod().equals("POST") && target.equals("/api/resources")) {
                    JsonNode created = JSON.readTree(request.getBody().utf8());
                    ((tools.jackson.databind.node.ObjectNode) created).put("id", "ing-" + INGRESSES.size());
                    INGRESSES.add(created);
                    return json(201, created.toString());
                }
                if (request.getMethod().equals("PATCH") && target.startsWith("/api/resources/ing-")) {
                    return json(200, "{}");
                }
                return json(404, "{\"status\":404}");
            }
        });
        INTEGRATIONS.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                INTEGRATIONS_SEEN.add(request);
                // integrations' ConnectorService: xray.summary needs cap:integrations.read, railway deploy cap:integrations.deploy
                String needed = request.getTarget().equals("/api/connectors/railway/deploy") ? "cap:integrations.deploy"
                        : "cap:integrations.read";
                JsonNode claims = claims(request.getHeaders().get("Authorization"));
                if (claims == null) {
                    return json(401, "{\"title\":\"Unauthorized\",\"status\":401}");
                }
                if (!claims.path("caps").toString().contains("\"" + needed + "\"")) {
                    return json(403, "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"Missing capability " + needed + "\"}");
                }
                return json(200, "{\"connector\":\"jfrog\",\"operation\":\"xray.summary\",\"result\":{\"artifacts\":[],\"asked\":"
                        + request.getBody().utf8() + "}}");
            }
        });
        try {
            CATALOG.start();
            INTEGRATIONS.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void urls(DynamicPropertyRegistry registry) {
        registry.add("symbia.runtime.catalog-url", () -> CATALOG.url("/").toString());
        registry.add("symbia.runtime.integrations-url", () -> INTEGRATIONS.url("/").toString());
    }

    @AfterAll
    static void stop() {
        CATALOG.close();
        INTEGRATIONS.close();
    }

    @Autowired
    RecordingRelay relay;

    @Autowired
    JdbcClient jdbc;

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse resolve(String rest) {
        String key = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        List<String> versions = PUBLISHED.get(key);
        if (versions == null) {
            return json(404, "{\"status\":404}");
        }
        int version = rest.contains("?version=") ? Integer.parseInt(rest.substring(rest.indexOf("?version=") + 9)) : versions.size();
        String role = ROLES.get(key);
        return json(200, "{\"id\":\"v" + version + "\",\"resourceId\":\"r\",\"key\":\"" + key + "\",\"version\":" + version
                + ",\"content\":{\"name\":\"" + key + "\",\"metadata\":{" + (role == null ? "" : "\"role\":\"" + role + "\",")
                + "\"definition\":" + versions.get(version - 1) + "}}}");
    }

    /** The verified-elsewhere claims of a bearer token (the fake only reads them). */
    private static JsonNode claims(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        return parts.length != 3 ? null : JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static String subject(RecordedRequest request) {
        JsonNode claims = claims(request.getHeaders().get("Authorization"));
        return claims == null ? null : claims.path("sub").asString();
    }

    /** entry (latest per key) → calc ({v} + add) */
    private static String definition(String name, int add) {
        return JSON.writeValueAsString(graph(name, List.of(
                node("entry", "symbia.state.latest", null),
                node("calc", "symbia.compute.arithmetic", map("expression", "{v} + " + add))), List.of(
                edge("entry", "out", "calc", "in"))));
    }

    private int result(String execution, String token) {
        return inject(execution, "entry", "in", map("key", "k", "v", 1), token).expect(200).body()
                .path("outputs").path("calc:out").path("value").path("result").asInt();
    }

    private JsonNode listed(String token, String key) {
        return get("/api/graphs", token).expect(200).body().path("graphs").valueStream()
                .filter(g -> key.equals(g.path("key").asString())).findFirst().orElse(null);
    }

    @Test
    void aNewCatalogVersionReplacesTheGraphForNewExecutionsWhileRunningOnesKeepTheirs() {
        String org = unique("org");
        TestPrincipal owner = IDENTITY.user(unique("owner")).member(org, "member");
        String token = owner.token();
        String key = "graphs/" + unique("calc");
        PUBLISHED.put(key, new CopyOnWriteArrayList<>(List.of(definition(unique("calc"), 1))));

        String first = post("/api/graphs/catalog", map("key", key), token).expect(201).body().path("id").asString();
        String pinned = start(first, token);
        assertThat(result(pinned, token)).isEqualTo(2);

        // version 2 is published: the event makes the runtime re-resolve the key as the owner and replace the graph
        int seen = CATALOG_SEEN.size();
        PUBLISHED.get(key).add(definition(unique("calc"), 100));
        relay.deliver("catalog.resource.published", "catalog", map("resourceId", "r", "key", key, "type", "graph",
                "status", "published", "version", 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode current = listed(token, key);
            return current != null && current.path("catalogVersion").asInt() == 2;
        });
        RecordedRequest reresolve = CATALOG_SEEN.subList(seen, CATALOG_SEEN.size()).stream()
                .filter(r -> r.getTarget().startsWith("/api/resolve/" + key)).findFirst().orElseThrow();
        assertThat(subject(reresolve)).isEqualTo(owner.id());
        String second = listed(token, key).path("id").asString();
        assertThat(second).isNotEqualTo(first);

        // the running execution keeps version 1; the old graph says what replaced it and starts nothing new
        assertThat(result(pinned, token)).isEqualTo(2);
        assertThat(get("/api/graphs/" + first, token).expect(200).body().path("replacedBy").asString()).isEqualTo(second);
        assertThat(post("/api/graphs/" + first + "/execute", null, token).problem(409).body().path("replacedBy").asString())
                .isEqualTo(second);
        String current = start(second, token);
        assertThat(result(current, token)).isEqualTo(101);

        // an event about the same version changes nothing; one about a component only refreshes manifests
        relay.deliver("catalog.resource.updated", "catalog", map("key", key, "type", "graph", "status", "published"));
        relay.deliver("catalog.resource.updated", "catalog", map("key", "components/x", "type", "component"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() ->
                listed(token, key).path("id").asString().equals(second));

        // another org sees neither graph
        String stranger = member(unique("other"));
        get("/api/graphs/" + second, stranger).problem(404);
        assertThat(listed(stranger, key)).isNull();

        // the key leaves the catalog: both versions unload, their executions end, their operator state is cleared
        await().atMost(Duration.ofSeconds(5)).until(() -> stateRows(org, key) > 0);
        PUBLISHED.remove(key);
        relay.deliver("catalog.resource.deleted", "catalog", map("key", key, "type", "graph", "status", "published"));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/graphs/" + second, token).status() == 404);
        get("/api/graphs/" + first, token).problem(404);
        assertThat(get("/api/executions/" + pinned, token).expect(200).body().path("state").asString()).isEqualTo("cancelled");
        assertThat(get("/api/executions/" + current, token).expect(200).body().path("state").asString()).isEqualTo("cancelled");
        assertThat(stateRows(org, key)).isZero();
    }

    @Test
    void aPipelineIsRestartedOnTheNewVersionAndAGraphThatNoLongerLoadsStaysAsItWas() {
        String org = unique("org");
        String token = IDENTITY.user(unique("owner")).member(org, "member").token();
        String key = "graphs/" + unique("pipe");
        ROLES.put(key, "pipeline");
        PUBLISHED.put(key, new CopyOnWriteArrayList<>(List.of(definition(unique("pipe"), 1))));
        String first = post("/api/graphs/catalog", map("key", key), token).expect(201).body().path("id").asString();
        String running = runningExecution(token, first);

        PUBLISHED.get(key).add(definition(unique("pipe"), 5));
        relay.deliver("catalog.resource.published", "catalog", map("key", key, "type", "graph", "version", 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> listed(token, key).path("catalogVersion").asInt() == 2);
        String second = listed(token, key).path("id").asString();
        // the platform's own execution moved to the new version
        await().atMost(Duration.ofSeconds(5)).until(() -> "cancelled".equals(
                get("/api/executions/" + running, token).body().path("state").asString()));
        assertThat(result(runningExecution(token, second), token)).isEqualTo(6);

        // version 3 refers to a component that does not exist: version 2 stays
        PUBLISHED.get(key).add("{\"symbia\":\"1.0\",\"name\":\"broken\",\"nodes\":[{\"id\":\"entry\",\"component\":\"nope\"}],\"edges\":[]}");
        relay.deliver("catalog.resource.published", "catalog", map("key", key, "type", "graph", "version", 3));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() ->
                listed(token, key).path("id").asString().equals(second));
    }

    private String runningExecution(String token, String graphId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/api/executions", token).body().path("executions").valueStream()
                .anyMatch(e -> graphId.equals(e.path("graphId").asString()) && "running".equals(e.path("state").asString())));
        return get("/api/executions", token).body().path("executions").valueStream()
                .filter(e -> graphId.equals(e.path("graphId").asString()) && "running".equals(e.path("state").asString()))
                .findFirst().orElseThrow().path("id").asString();
    }

    private long stateRows(String org, String key) {
        return jdbc.sql("SELECT count(*) FROM operator_state WHERE org_id = ? AND graph_key = ?").params(org, key)
                .query(Long.class).single();
    }

    @Test
    void aDeclaredIngressIsRegisteredInTheCatalogAsIngressGraphNameByTheOwner() {
        String org = unique("org");
        TestPrincipal owner = IDENTITY.user(unique("owner")).member(org, "member");
        String name = unique("orders");
        Map<String, Object> definition = graph(name, List.of(node("entry", "symbia.io.passthrough", null)), List.of());
        definition.put("metadata", map("ingress", map("node", "entry", "port", "in", "capability", "cap:runtime.execute",
                "description", "Orders from the shop")));
        load(definition, owner.token());

        await().atMost(Duration.ofSeconds(10)).until(() -> INGRESSES.stream()
                .anyMatch(i -> ("ingress/" + name).equals(i.path("key").asString())));
        JsonNode ingress = INGRESSES.stream().filter(i -> ("ingress/" + name).equals(i.path("key").asString())).findFirst().orElseThrow();
        assertThat(ingress.path("type").asString()).isEqualTo("integration");
        assertThat(ingress.path("orgId").asString()).isEqualTo(org);
        assertThat(ingress.path("accessPolicy").path("visibility").asString()).isEqualTo("org");
        assertThat(ingress.path("accessPolicy").path("actions").path("read").path("anyOf").toString()).isEqualTo("[\"org:" + org + "\"]");
        JsonNode metadata = ingress.path("metadata");
        assertThat(metadata.path("kind").asString()).isEqualTo("runtime.ingress");
        assertThat(metadata.path("endpoint").asString()).isEqualTo("/api/runtime/ingress/" + name);
        assertThat(metadata.path("method").asString()).isEqualTo("POST");
        assertThat(metadata.path("node").asString() + ":" + metadata.path("port").asString()).isEqualTo("entry:in");
        assertThat(metadata.path("capability").asString()).isEqualTo("cap:runtime.execute");
        RecordedRequest created = CATALOG_SEEN.stream().filter(r -> r.getMethod().equals("POST")
                && r.getBody().utf8().contains("ingress/" + name)).findFirst().orElseThrow();
        assertThat(subject(created)).isEqualTo(owner.id());
        assertThat(created.getHeaders().get("X-Org-Id")).isEqualTo(org);

        // loading it again updates the org's entry in place; a graph without an ingress registers nothing
        int before = INGRESSES.size();
        load(definition, owner.token());
        await().atMost(Duration.ofSeconds(10)).until(() -> CATALOG_SEEN.stream().anyMatch(r -> r.getMethod().equals("PATCH")
                && r.getBody().utf8().contains("/api/runtime/ingress/" + name)));
        load(graph(unique("plain"), List.of(node("entry", "symbia.io.passthrough", null)), List.of()), owner.token());
        assertThat(INGRESSES).hasSize(before);
    }

    @Test
    void integrationInvokeActsWithTheOwnersOwnTokenSoTheirCapabilitiesDecide() {
        String org = unique("org");
        TestPrincipal member = IDENTITY.user(unique("member")).member(org, "member");
        TestPrincipal admin = IDENTITY.user(unique("admin")).member(org, "admin");
        Map<String, Object> scan = graph(unique("scan"), List.of(
                node("entry", "symbia.io.passthrough", null),
                node("call", "symbia.integration.invoke", map("connector", "jfrog", "operation", "xray.summary",
                        "params", map("paths", List.of("{repo}/{file}")))),
                node("out", "symbia.io.collect", null)), List.of(edge("entry", "out", "call", "in"), edge("call", "out", "out", "in")));
        Map<String, Object> deploy = graph(unique("deploy"), List.of(
                node("entry", "symbia.io.passthrough", null),
                node("call", "symbia.integration.invoke", map("connector", "railway", "operation", "deploy"))),
                List.of(edge("entry", "out", "call", "in")));

        int seen = INTEGRATIONS_SEEN.size();
        String execution = start(load(scan, member.token()), member.token());
        JsonNode outputs = inject(execution, "entry", "in", map("repo", "libs", "file", "app.jar"), member.token())
                .expect(200).body().path("outputs");
        assertThat(outputs.path("out:out").path("value").path("asked").toString()).isEqualTo("{\"paths\":[\"libs/app.jar\"]}");
        RecordedRequest call = INTEGRATIONS_SEEN.get(seen);
        assertThat(call.getTarget()).isEqualTo("/api/connectors/jfrog/xray.summary");
        assertThat(subject(call)).isEqualTo(member.id());
        assertThat(call.getHeaders().get("X-Org-Id")).isEqualTo(org);
        assertThat(call.getHeaders().get("X-Symbia-User-Id")).isNull();

        // a member lacks cap:integrations.deploy: the deploy is refused by integrations, on the node's error port
        String refused = start(load(deploy, member.token()), member.token());
        JsonNode error = inject(refused, "entry", "in", map("serviceId", "s", "environmentId", "e"), member.token())
                .expect(200).body().path("outputs").path("call:error");
        assertThat(error.path("value").path("status").asInt()).isEqualTo(403);
        assertThat(error.path("value").path("detail").asString()).contains("cap:integrations.deploy");
        assertThat(error.path("lane").asString()).isEqualTo("apocryphal");
        // the org's admin holds it: the same graph loaded by them deploys
        String allowed = start(load(deploy, admin.token()), admin.token());
        assertThat(inject(allowed, "entry", "in", map("serviceId", "s", "environmentId", "e"), admin.token()).expect(200)
                .body().path("outputs").has("call:out")).isTrue();
        assertThat(subject(INTEGRATIONS_SEEN.getLast())).isEqualTo(admin.id());

        // wrong principals on the way in: another org's user and an anonymous caller
        inject(allowed, "entry", "in", map("serviceId", "s"), member(unique("other"))).problem(404);
        inject(allowed, "entry", "in", map("serviceId", "s"), null).problem(401);
    }
}
