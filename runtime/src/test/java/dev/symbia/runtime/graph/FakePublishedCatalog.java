package dev.symbia.runtime.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalog's graph endpoints on their wire format, with its read rules as far as the runtime meets them: the
 * runtime service's list of every org's published graphs (bare array, {@code X-Next-Cursor} pages), a service
 * reading one resource of the org its {@code X-Org-Id} names, and {@code /api/resolve/{key}} for a user token of the
 * resource's org only (another org's graph is 404, as in the catalog).
 */
final class FakePublishedCatalog implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Rows per list page: small, so listing follows the cursor. */
    private static final int PAGE = 2;

    /** One graph resource; {@code definitions} hold version n at index n-1. */
    static final class Graph {
        final String id = UUID.randomUUID().toString();
        final String key;
        final String orgId;
        final String ownerId;
        final String role;
        volatile String status = "published";
        final List<String> definitions = new CopyOnWriteArrayList<>();

        Graph(String key, String orgId, String ownerId, String role, String definition) {
            this.key = key;
            this.orgId = orgId;
            this.ownerId = ownerId;
            this.role = role;
            definitions.add(definition);
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Graph> graphs = new ConcurrentHashMap<>();
    final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();

    FakePublishedCatalog() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                seen.add(request);
                return answer(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return server.url("/").toString();
    }

    Graph add(String key, String orgId, String ownerId, String role, String definition) {
        Graph graph = new Graph(key, orgId, ownerId, role, definition);
        graphs.put(key, graph);
        return graph;
    }

    Graph graph(String key) {
        return graphs.get(key);
    }

    /** The catalog's event data for a change of {@code graph}. */
    Map<String, Object> event(Graph graph) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("resourceId", graph.id);
        data.put("key", graph.key);
        data.put("type", "graph");
        data.put("status", graph.status);
        if (graph.orgId != null) {
            data.put("orgId", graph.orgId);
        }
        return data;
    }

    /** Requests to resolve {@code key}, as the subjects of their bearer tokens. */
    List<String> resolvedBy(String key) {
        return seen.stream().filter(r -> r.getTarget().startsWith("/api/resolve/" + key))
                .map(r -> claims(r).path("sub").asString("")).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private MockResponse answer(RecordedRequest request) {
        String target = request.getTarget();
        JsonNode claims = claims(request);
        boolean service = "service".equals(claims.path("typ").asString(""));
        if (request.getMethod().equals("GET") && target.startsWith("/api/resources?type=graph&status=published")) {
            // catalog Access: only the runtime service lists every org's published graphs
            if (!service || !"runtime".equals(claims.path("sub").asString(""))) {
                return json(200, "[]", null);
            }
            List<Graph> published = new ArrayList<>(graphs.values().stream().filter(g -> g.status.equals("published"))
                    .sorted(Comparator.comparing(g -> g.key)).toList());
            int from = target.contains("&cursor=") ? Integer.parseInt(target.substring(target.indexOf("&cursor=") + 8)) : 0;
            int to = Math.min(published.size(), from + PAGE);
            List<JsonNode> page = published.subList(from, to).stream().map(FakePublishedCatalog::resource).toList();
            return json(200, page.toString(), to < published.size() ? String.valueOf(to) : null);
        }
        if (request.getMethod().equals("GET") && target.startsWith("/api/resources/")) {
            String id = target.substring("/api/resources/".length());
            String org = request.getHeaders().get("X-Org-Id");
            return graphs.values().stream().filter(g -> g.id.equals(id) && service && g.orgId != null && g.orgId.equals(org))
                    .findFirst().map(g -> json(200, resource(g).toString(), null)).orElse(json(404, "{\"status\":404}", null));
        }
        if (request.getMethod().equals("GET") && target.startsWith("/api/resolve/")) {
            String key = target.substring("/api/resolve/".length()).replaceFirst("\\?.*$", "");
            Graph graph = graphs.get(key);
            // an org's graph reads only with a token of that org (the owner's acting token); others: 404
            if (graph == null || (graph.orgId != null && !graph.orgId.equals(claims.path("org").asString("")))) {
                return json(404, "{\"status\":404}", null);
            }
            int version = graph.definitions.size();
            return json(200, "{\"id\":\"v" + version + "\",\"resourceId\":\"" + graph.id + "\",\"key\":\"" + key + "\",\"version\":"
                    + version + ",\"content\":{\"name\":\"" + key + "\",\"metadata\":{"
                    + (graph.role == null ? "" : "\"role\":\"" + graph.role + "\",")
                    + "\"definition\":" + graph.definitions.get(version - 1) + "}}}", null);
        }
        return json(404, "{\"status\":404}", null);
    }

    private static JsonNode resource(Graph graph) {
        ObjectNode row = JSON.createObjectNode();
        row.put("id", graph.id).put("key", graph.key).put("name", graph.key).put("description", (String) null)
                .put("type", "graph").put("status", graph.status).put("isBootstrap", false);
        row.putArray("tags");
        row.put("orgId", graph.orgId).put("ownerId", graph.ownerId);
        row.set("accessPolicy", JSON.readTree("{\"visibility\":\"org\",\"actions\":{\"read\":{\"anyOf\":[\"org:" + graph.orgId + "\"]}}}"));
        ObjectNode metadata = row.putObject("metadata");
        if (graph.role != null) {
            metadata.put("role", graph.role);
        }
        metadata.set("definition", JSON.readTree(graph.definitions.getLast()));
        row.put("currentVersion", graph.definitions.size()).put("createdAt", "2025-01-01T00:00:00Z")
                .put("updatedAt", "2025-01-01T00:00:00Z");
        return row;
    }

    private static JsonNode claims(RecordedRequest request) {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return JSON.createObjectNode();
        }
        String[] parts = authorization.substring(7).split("\\.");
        return parts.length != 3 ? JSON.createObjectNode()
                : JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static MockResponse json(int code, String body, String nextCursor) {
        MockResponse.Builder response = new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body);
        if (nextCursor != null) {
            response.addHeader("X-Next-Cursor", nextCursor);
        }
        return response.build();
    }
}
