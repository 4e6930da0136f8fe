package dev.symbia.logging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the tests: real requests, with real tokens for the calling principal. */
public final class Api {

    public static final UUID SYSTEM_ORG = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public Api(int port) {
        this.port = port;
    }

    public String base() {
        return "http://localhost:" + port;
    }

    public URI uri(String path) {
        return URI.create(base() + path);
    }

    /**
     * Who calls, presented as identity would issue it: a real token from the shared
     * {@link TestIdentity} (which the service under test verifies against), plus {@code X-Org-Id}
     * when an org is selected. {@code id} is {@code user:…}, {@code agent:…} or {@code service:…}.
     *
     * @param defaultOrg the token's default org (null: none)
     * @param caps       explicit grants (users: org-independent {@code pcaps}; agents: what their org admin granted)
     * @param forged     present the token tampered with after signing (must be refused)
     */
    public record Principal(String id, List<UUID> orgs, UUID defaultOrg, UUID selected, List<String> caps,
            boolean superAdmin, boolean forged) {

        /** Member of {@code orgs}, the first one being the default org. */
        public Principal(String id, List<UUID> orgs, UUID selected, List<String> caps, boolean superAdmin) {
            this(id, orgs, orgs.isEmpty() ? null : orgs.get(0), selected, caps, superAdmin, false);
        }

        public static Principal user(UUID org) {
            return new Principal("user:" + UUID.randomUUID(), List.of(org), null, List.of(), false);
        }

        public static Principal service(String name) {
            return new Principal("service:" + name, List.of(), null, List.of(), false);
        }

        /** Someone allowed to read the platform's own telemetry (the system org), with no org of their own. */
        public static Principal operator() {
            return new Principal("user:ops-" + UUID.randomUUID(), List.of(), null, List.of("cap:telemetry.global-read"), false);
        }

        public Principal selecting(UUID org) {
            return new Principal(id, orgs, defaultOrg, org, caps, superAdmin, forged);
        }

        public Principal withoutDefaultOrg() {
            return new Principal(id, orgs, null, selected, caps, superAdmin, forged);
        }

        public Principal forgedToken() {
            return new Principal(id, orgs, defaultOrg, selected, caps, superAdmin, true);
        }

        /** The {@code Authorization} header value. */
        public String authorization() {
            return "Bearer " + token();
        }

        /** The access token (as the website keeps it in the {@code token} cookie). */
        public String token() {
            TestPrincipal principal = principal();
            return forged ? principal.tamperedToken() : principal.token();
        }

        private TestPrincipal principal() {
            TestIdentity identity = TestIdentity.shared();
            String type = id.substring(0, id.indexOf(':'));
            String name = id.substring(id.indexOf(':') + 1);
            return switch (type) {
                case "service" -> identity.service(name);
                case "agent" -> identity.agent(name, name, orgs.get(0).toString()).caps(caps.toArray(String[]::new));
                case "user" -> {
                    TestPrincipal user = identity.user(name);
                    orgs.forEach(org -> user.member(org.toString(), "member"));
                    user.defaultOrg(defaultOrg == null ? null : defaultOrg.toString()).platformCaps(caps);
                    yield superAdmin ? user.superAdmin() : user;
                }
                default -> throw new IllegalArgumentException("not a principal: " + id);
            };
        }

        void apply(HttpRequest.Builder request) {
            request.header("Authorization", authorization());
            if (selected != null) {
                request.header("X-Org-Id", selected.toString());
            }
        }
    }

    public record Response(int status, Map<String, List<String>> headers, byte[] bytes) {

        public String body() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(bytes);
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public boolean isProblem() {
            return header("Content-Type").map(t -> t.startsWith("application/problem+json")).orElse(false);
        }
    }

    public Response get(String path, Principal principal) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (principal != null) {
            principal.apply(request);
        }
        return send(request);
    }

    public Response post(String path, Principal principal, Object body) {
        return postRaw(path, principal, "application/json", JSON.writeValueAsBytes(body));
    }

    public Response postRaw(String path, Principal principal, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (principal != null) {
            principal.apply(request);
        }
        return send(request);
    }

    public Response patch(String path, Principal principal, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
        principal.apply(request);
        return send(request);
    }

    public Response delete(String path, Principal principal) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
        principal.apply(request);
        return send(request);
    }

    /** Opens a request whose body is read line by line as it arrives (SSE). */
    public HttpResponse<java.util.stream.Stream<String>> openLines(String path, Principal principal) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().header("Accept", "text/event-stream");
        principal.apply(request);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object from alternating keys and values (nulls allowed, unlike Map.of). */
    public static Map<String, Object> obj(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asString()));
        return values;
    }
}
