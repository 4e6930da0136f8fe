package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every REST endpoint with the wrong principal (anonymous → 401, missing capability → 403), with
 * bad input (400) and with unknown ids (404) — always problem+json.
 */
class RestAccessTests extends NetworkTestSupport {

    private static final String SOME_UUID = "5f0c8a8e-3b7e-4d52-9a43-0f5a2a6f7c11";
    private static final String VALID_POLICY = "{\"name\":\"p\",\"priority\":1,\"conditions\":[],\"action\":{\"type\":\"allow\"}}";
    private static final String VALID_CONTRACT = "{\"from\":\"a\",\"to\":\"b\",\"allowedEventTypes\":[\"x.*\"],\"boundaries\":[\"intra\"]}";

    static Stream<Arguments> protectedEndpoints() {
        return Stream.of(
                Arguments.of("GET", "/api/registry/nodes", null, "cap:network.topology.read"),
                Arguments.of("GET", "/api/registry/nodes/some-node", null, "cap:network.topology.read"),
                Arguments.of("GET", "/api/registry/nodes/capability/x", null, "cap:network.topology.read"),
                Arguments.of("GET", "/api/registry/nodes/type/service", null, "cap:network.topology.read"),
                Arguments.of("DELETE", "/api/registry/nodes/some-node", null, "cap:network.nodes.admin"),
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"somebody-else\",\"type\":\"client\"}", "cap:network.nodes.admin"),
                Arguments.of("POST", "/api/registry/contracts", VALID_CONTRACT, "cap:network.contracts.write"),
                Arguments.of("GET", "/api/registry/contracts", null, "cap:network.topology.read"),
                Arguments.of("DELETE", "/api/registry/contracts/" + SOME_UUID, null, "cap:network.contracts.write"),
                Arguments.of("POST", "/api/events", "{}", "cap:network.events.write"),
                Arguments.of("GET", "/api/events", null, "cap:network.events.read"),
                Arguments.of("GET", "/api/events/e1/trace", null, "cap:network.traces.read"),
                Arguments.of("GET", "/api/events/traces/r1", null, "cap:network.traces.read"),
                Arguments.of("GET", "/api/events/stats", null, "cap:network.events.read"),
                Arguments.of("POST", "/api/policies", VALID_POLICY, "cap:network.policies.write"),
                Arguments.of("GET", "/api/policies", null, "cap:network.policies.read"),
                Arguments.of("GET", "/api/policies/" + SOME_UUID, null, "cap:network.policies.read"),
                Arguments.of("PATCH", "/api/policies/" + SOME_UUID, "{\"enabled\":false}", "cap:network.policies.write"),
                Arguments.of("DELETE", "/api/policies/" + SOME_UUID, null, "cap:network.policies.write"),
                Arguments.of("POST", "/api/policies/test", "{\"type\":\"a.b\",\"source\":\"x\"}", "cap:network.policies.read"),
                Arguments.of("GET", "/api/sdn/topology", null, "cap:network.topology.read"),
                Arguments.of("GET", "/api/sdn/summary", null, "cap:network.topology.read"),
                Arguments.of("GET", "/api/sdn/graph", null, "cap:network.topology.read"),
                Arguments.of("GET", "/api/sdn/trace/e1", null, "cap:network.traces.read"),
                Arguments.of("GET", "/api/sdn/traces/r1", null, "cap:network.traces.read"),
                Arguments.of("GET", "/api/sdn/flow/r1", null, "cap:network.traces.read"),
                Arguments.of("GET", "/api/sdn/policies", null, "cap:network.policies.read"),
                Arguments.of("POST", "/api/sdn/simulate", "{\"type\":\"a.b\",\"source\":\"x\"}", "cap:network.events.read"),
                Arguments.of("GET", "/api/sdn/watch", null, "cap:network.events.read"));
    }

    @ParameterizedTest(name = "{0} {1} anonymous → 401")
    @MethodSource("protectedEndpoints")
    void anonymousIs401(String method, String path, String body, String capability) {
        HttpResponse<String> response = call(method, path, body, Map.of());
        assertProblem(response, 401);
        assertThat(response.body()).contains("\"code\":\"unauthenticated\"");
    }

    @ParameterizedTest(name = "{0} {1} without {3} → 403")
    @MethodSource("protectedEndpoints")
    void missingCapabilityIs403(String method, String path, String body, String capability) {
        String others = Arrays.stream(ALL_CAPS.split(",")).filter(c -> !c.equals(capability)).collect(Collectors.joining(","));
        HttpResponse<String> response = call(method, path, body, user(unique("u"), others.split(",")));
        assertProblem(response, 403);
        assertThat(response.body()).contains("\"code\":\"forbidden\"");
    }

    @ParameterizedTest(name = "{0} {1} with {3} is let through")
    @MethodSource("protectedEndpoints")
    void theCapabilityLetsTheCallerThrough(String method, String path, String body, String capability) {
        HttpResponse<String> response = call(method, path, body, user(unique("u"), capability));
        assertThat(response.statusCode()).as(response.body()).isNotIn(401, 403, 500);
    }

    @Test
    void aMissingCapabilityIsNamedInTheProblem() {
        HttpResponse<String> response = get("/api/sdn/policies", user(unique("u"), "cap:network.topology.read"));
        assertProblem(response, 403);
        assertThat(json(response).get("requiredCapability").stringValue()).isEqualTo("cap:network.policies.read");
    }

    @Test
    void anAgentGetsOnlyWhatItWasGranted() {
        Map<String, String> agent = agent("assistant:bot-1", "cap:network.topology.read");
        assertThat(get("/api/sdn/topology", agent).statusCode()).isEqualTo(200);
        assertProblem(get("/api/events", agent), 403);
        assertProblem(post("/api/policies", VALID_POLICY, agent), 403);
    }

    @Test
    void identityHeadersFromTheClientAreNeverTrusted() {
        // What the development scaffold once honoured is now just noise: no credential, no caller.
        assertProblem(get("/api/sdn/topology", Map.of("X-Symbia-Principal", "user:root", "X-Symbia-Super-Admin", "true",
                "X-Symbia-Capabilities", ALL_CAPS)), 401);
        // Nor do they add anything to a real but powerless token.
        Map<String, String> headers = new java.util.HashMap<>(user(unique("u")));
        headers.put("X-Symbia-Super-Admin", "true");
        headers.put("X-Symbia-Capabilities", ALL_CAPS);
        assertProblem(get("/api/sdn/topology", headers), 403);
    }

    @Test
    void aTokenThatDoesNotVerifyIs401() {
        var holder = IDENTITY.user(unique("u")).platformCaps(ALL_CAPS.split(","));
        for (String token : java.util.List.of(holder.tamperedToken(), holder.tokenSignedWithWrongKey(), holder.expiredToken(),
                "not-a-jwt")) {
            HttpResponse<String> response = get("/api/sdn/topology", bearer(token));
            assertProblem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
        assertThat(get("/api/sdn/topology", bearer(holder.token())).statusCode()).isEqualTo(200);
    }

    @Test
    void anApiKeyCarriesOnlyItsScopes() {
        var holder = IDENTITY.user(unique("u")).platformCaps("cap:network.topology.read", "cap:network.events.read");
        String key = holder.apiKey("cap:network.topology.read");
        assertThat(get("/api/sdn/topology", Map.of("X-API-Key", key)).statusCode()).isEqualTo(200);
        assertProblem(get("/api/events", Map.of("X-API-Key", key)), 403);
        assertProblem(get("/api/sdn/topology", Map.of("X-API-Key", "sk_" + "0".repeat(64))), 401);
    }

    @Test
    void anOrgTheCallerDoesNotBelongToIs403() {
        Map<String, String> headers = new java.util.HashMap<>(bearer(IDENTITY.user(unique("u")).member("org-mine", "admin")
                .platformCaps("cap:network.topology.read").token()));
        assertThat(get("/api/sdn/topology", headers).statusCode()).isEqualTo(200);
        headers.put("X-Org-Id", "org-someone-else");
        assertProblem(get("/api/sdn/topology", headers), 403);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"bad id\",\"type\":\"service\"}"),
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"x1\",\"type\":\"robot\"}"),
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"x1\",\"type\":\"service\",\"endpoint\":\"ftp://host/x\"}"),
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"x1\",\"type\":\"service\",\"endpoint\":\"http://u:p@host/x\"}"),
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"x1\",\"type\":\"service\",\"capabilities\":\"all\"}"),
                Arguments.of("POST", "/api/registry/nodes", "not json"),
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"x1\",\"type\":\"service\",\"subscriptions\":[\"a.*.b\"]}"),
                Arguments.of("POST", "/api/registry/nodes", "{\"id\":\"x1\",\"type\":\"service\",\"subscriptions\":\"all\"}"),
                Arguments.of("GET", "/api/registry/nodes/type/robot", null),
                Arguments.of("POST", "/api/registry/contracts", "{\"from\":\"a\",\"to\":\"b\",\"allowedEventTypes\":[\"a.*.b\"],\"boundaries\":[\"intra\"]}"),
                Arguments.of("POST", "/api/registry/contracts", "{\"from\":\"a\",\"to\":\"b\",\"allowedEventTypes\":[\"a.b\"],\"boundaries\":[\"outer\"]}"),
                Arguments.of("POST", "/api/registry/contracts", "{\"from\":\"a\",\"to\":\"b\",\"allowedEventTypes\":[],\"boundaries\":[\"intra\"]}"),
                Arguments.of("POST", "/api/registry/contracts", "{\"from\":\"a b\",\"to\":\"b\",\"allowedEventTypes\":[\"x\"],\"boundaries\":[\"intra\"]}"),
                Arguments.of("POST", "/api/registry/contracts", "{\"from\":\"a\",\"to\":\"b\",\"allowedEventTypes\":[\"x\"],\"boundaries\":[\"intra\"],\"expiresAt\":\"tomorrow\"}"),
                Arguments.of("POST", "/api/registry/contracts", "{\"from\":\"a\",\"to\":\"b\",\"allowedEventTypes\":[\"x\"],\"boundaries\":[\"intra\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}"),
                Arguments.of("DELETE", "/api/registry/contracts/not-a-uuid", null),
                Arguments.of("POST", "/api/events", "{}"),
                Arguments.of("POST", "/api/events", "[1,2]"),
                Arguments.of("POST", "/api/events", "{\"payload\":{\"type\":\"a.b\"},\"source\":\"x\",\"runId\":\"r\"}"),
                Arguments.of("POST", "/api/events", "{\"payload\":{\"type\":\"a b\",\"data\":1},\"source\":\"x\",\"runId\":\"r\"}"),
                Arguments.of("POST", "/api/events", "{\"payload\":{\"type\":\"a.b\",\"data\":1},\"source\":\"x\",\"runId\":\"r\",\"boundary\":\"outer\"}"),
                Arguments.of("POST", "/api/events", "{\"id\":\"e\",\"signature\":\"00\"}"),
                Arguments.of("GET", "/api/events?limit=0", null),
                Arguments.of("GET", "/api/events?limit=abc", null),
                Arguments.of("GET", "/api/events/traces/r1?limit=100000", null),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"conditions\":[{\"field\":\"source\",\"operator\":\"regex\",\"value\":\"([a-z\"}],\"action\":{\"type\":\"allow\"}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"action\":{\"type\":\"explode\"}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"action\":{\"type\":\"route\"}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"action\":{\"type\":\"transform\"}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"action\":{\"type\":\"transform\",\"mapping\":[{\"op\":\"rename\",\"from\":\"a\"}]}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"action\":{\"type\":\"log\",\"level\":\"loud\"}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"priority\":\"high\",\"action\":{\"type\":\"allow\"}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"conditions\":[{\"field\":\"color\",\"operator\":\"eq\",\"value\":\"x\"}],\"action\":{\"type\":\"allow\"}}"),
                Arguments.of("POST", "/api/policies", "{\"name\":\"p\",\"conditions\":[{\"field\":\"source\",\"operator\":\"like\",\"value\":\"x\"}],\"action\":{\"type\":\"allow\"}}"),
                Arguments.of("POST", "/api/policies", "{\"action\":{\"type\":\"allow\"}}"),
                Arguments.of("GET", "/api/policies/not-a-uuid", null),
                Arguments.of("POST", "/api/policies/test", "{}"),
                Arguments.of("POST", "/api/policies/test", "{\"type\":\"a.b\",\"source\":\"x\",\"boundary\":\"outer\"}"),
                Arguments.of("POST", "/api/sdn/simulate", "{\"type\":\"a b\",\"source\":\"x\"}"),
                Arguments.of("POST", "/api/sdn/simulate", "{\"type\":\"a.b\"}"),
                Arguments.of("POST", "/api/sdn/simulate", "{\"type\":\"a.b\",\"source\":7}"),
                Arguments.of("GET", "/api/sdn/flow/r1?limit=5000", null),
                Arguments.of("GET", "/api/sdn/traces/r1?limit=-1", null),
                Arguments.of("GET", "/api/sdn/watch?type=a.*.b", null));
    }

    @ParameterizedTest(name = "{0} {1} {2} → 400")
    @MethodSource("badInput")
    void badInputIs400(String method, String path, String body) {
        assertProblem(call(method, path, body, admin()), 400);
    }

    @Test
    void patchWithAnInvalidFieldIs400AndChangesNothing() {
        var policy = createPolicy(Map.of("name", unique("p"), "priority", -500, "action", Map.of("type", "allow")));
        String id = policy.get("id").stringValue();
        assertProblem(call("PATCH", "/api/policies/" + id, "{\"action\":{\"type\":\"nope\"}}", admin()), 400);
        assertProblem(call("PATCH", "/api/policies/" + id, "{\"conditions\":[{\"field\":\"runId\",\"operator\":\"regex\",\"value\":\"*\"}]}", admin()), 400);
        assertThat(json(get("/api/policies/" + id, admin())).get("action").get("type").stringValue()).isEqualTo("allow");
        deletePolicy(policy);
    }

    static Stream<Arguments> unknownIds() {
        String uuid = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("GET", "/api/registry/nodes/nobody-here", null),
                Arguments.of("DELETE", "/api/registry/nodes/nobody-here", null),
                Arguments.of("POST", "/api/registry/nodes/nobody-here/heartbeat", null),
                Arguments.of("DELETE", "/api/registry/contracts/" + uuid, null),
                Arguments.of("GET", "/api/policies/" + uuid, null),
                Arguments.of("PATCH", "/api/policies/" + uuid, "{\"enabled\":false}"),
                Arguments.of("DELETE", "/api/policies/" + uuid, null),
                Arguments.of("GET", "/api/events/no-such-event/trace", null),
                Arguments.of("GET", "/api/sdn/trace/no-such-event", null));
    }

    @ParameterizedTest(name = "{0} {1} → 404")
    @MethodSource("unknownIds")
    void unknownIdsAre404(String method, String path, String body) {
        HttpResponse<String> response = call(method, path, body, admin());
        assertProblem(response, 404);
        assertThat(response.body()).contains("\"code\":\"not-found\"");
    }

    @Test
    void heartbeatNeedsTheOwnerOrANodesAdmin() {
        String id = unique("hb");
        registerNode(id, "client", null);
        assertProblem(post("/api/registry/nodes/" + id + "/heartbeat", null, user("stranger")), 403);
        assertThat(json(post("/api/registry/nodes/" + id + "/heartbeat", null, admin())).get("ok").booleanValue()).isTrue();
        assertThat(post("/api/registry/nodes/" + id + "/heartbeat", null, user("ops", "cap:network.nodes.admin")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aServiceMayRegisterItselfButNotAnotherNode() {
        // A service token carries no capabilities: its own node is all it may speak for.
        String id = unique("svc");
        assertThat(post("/api/registry/nodes", "{\"id\":\"" + id + "\",\"type\":\"service\"}", service(id)).statusCode())
                .isEqualTo(201);
        assertProblem(post("/api/registry/nodes", "{\"id\":\"" + unique("other") + "\",\"type\":\"service\"}", service(id)), 403);
        // Not even as another type under its own id: a service is a service node.
        assertProblem(post("/api/registry/nodes", "{\"id\":\"" + id + "\",\"type\":\"bridge\"}", service(id)), 403);
    }
}
