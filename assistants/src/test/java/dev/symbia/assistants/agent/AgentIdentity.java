package dev.symbia.assistants.agent;

import dev.symbia.test.auth.TestIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identity for the assistants service's tests: libs/test's {@link TestIdentity} (JWKS, service and acting tokens,
 * forwarded as they are) plus identity's {@code POST /api/internal/agent-tokens} on its wire — an assistant's own
 * agent token in an org, carrying what the test granted it ({@link #grant}), nothing by default; a service other
 * than assistants gets identity's 403, a {@link #deactivate deactivated} agent its 409.
 */
public final class AgentIdentity implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestIdentity identity = TestIdentity.shared();
    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient forward = new OkHttpClient.Builder().followRedirects(false).build();
    private final Map<String, Set<String>> grants = new ConcurrentHashMap<>();
    private final Map<String, String> rowIds = new ConcurrentHashMap<>();
    private final Set<String> deactivated = ConcurrentHashMap.newKeySet();
    /** Every agent-token request's body, in order. */
    public final Queue<JsonNode> asked = new ConcurrentLinkedQueue<>();

    public AgentIdentity() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return "/api/internal/agent-tokens".equals(request.getUrl().encodedPath()) ? agentToken(request)
                        : forward(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** From now on the assistant's agent in {@code org} holds exactly {@code caps}. */
    public AgentIdentity grant(String org, String key, String... caps) {
        grants.put(org + "/assistant:" + key, Set.of(caps));
        return this;
    }

    public void deactivate(String org, String key) {
        deactivated.add(org + "/assistant:" + key);
    }

    private MockResponse agentToken(RecordedRequest request) {
        String bearer = String.valueOf(request.getHeaders().get("Authorization"));
        JsonNode caller = claims(bearer.replaceFirst("^Bearer ", ""));
        if (!"service".equals(caller.path("typ").asString("")) || !"assistants".equals(caller.path("sub").asString(""))) {
            return problem(403, "Forbidden", "Only the assistants service may act as assistants.");
        }
        JsonNode body = JSON.readTree(request.getBody().utf8());
        asked.add(body);
        String org = body.path("orgId").asString("");
        String agentId = body.path("agentId").asString("");
        if (org.isBlank() || !agentId.matches("assistant:[a-z0-9][a-z0-9._-]{0,63}")) {
            return problem(400, "Invalid request", "orgId and agentId are required");
        }
        String key = org + "/" + agentId;
        if (deactivated.contains(key)) {
            return problem(409, "Conflict", "The assistant's agent is deactivated in this organization.");
        }
        String rowId = rowIds.computeIfAbsent(key, k -> UUID.randomUUID().toString());
        List<String> caps = List.copyOf(grants.getOrDefault(key, Set.of()));
        String token = identity.agent(rowId, agentId, org).caps(caps.toArray(String[]::new)).token();
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(JSON.writeValueAsString(Map.of("token", token, "tokenType", "Bearer", "expiresIn", 300,
                        "expiresAt", Instant.now().plus(TestIdentity.ACCESS_TOKEN_TTL).toString(),
                        "agent", Map.of("id", rowId, "agentId", agentId, "orgId", org, "capabilities", caps))))
                .build();
    }

    private MockResponse forward(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        Request.Builder out = new Request.Builder().url(identity.url() + request.getUrl().encodedPath()
                + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery()));
        Headers headers = request.getHeaders();
        for (String name : List.of("Authorization", "Content-Type", "Accept", "X-Org-Id")) {
            if (headers.get(name) != null) {
                out.header(name, headers.get(name));
            }
        }
        out.method(request.getMethod(), "GET".equals(request.getMethod()) ? null
                : RequestBody.create(body, MediaType.get("application/json")));
        try (Response response = forward.newCall(out.build()).execute()) {
            MockResponse.Builder answer = new MockResponse.Builder().code(response.code()).body(response.body().string());
            if (response.header("Content-Type") != null) {
                answer.addHeader("Content-Type", response.header("Content-Type"));
            }
            return answer.build();
        } catch (IOException e) {
            return problem(502, "Bad Gateway", "TestIdentity did not answer");
        }
    }

    private static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return JSON.createObjectNode();
        }
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
    }

    private static MockResponse problem(int status, String title, String detail) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/problem+json")
                .body(JSON.writeValueAsString(Map.of("type", "about:blank", "title", title, "status", status,
                        "detail", detail))).build();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
