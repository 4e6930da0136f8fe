package dev.symbia.runtime.graph;

import dev.symbia.core.PlatformHeaders;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Calls to the catalog's resource API with a bearer token (the runtime's service token for its component manifests,
 * a graph owner's acting token for their ingress). Never throws: an unreachable catalog is status 503 with an empty
 * body, and callers decide what a refusal means.
 */
final class CatalogClient {

    /** The catalog's answer: its status, JSON body (an empty object when there was none) and list cursor (or null). */
    record Reply(int status, JsonNode body, String nextCursor) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ManifestSource catalog;

    CatalogClient(ManifestSource catalog) {
        this.catalog = catalog;
    }

    /**
     * Every item of a list ({@code path} already has its query), page after page by {@code X-Next-Cursor}, at most
     * {@code maxPages}. Throws when a page is not a 200 list: a partial list must not pass for the whole one.
     * {@code bearer} null reads what is public.
     */
    List<JsonNode> listAll(String path, String bearer, int maxPages) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply reply = send("GET", cursor == null ? path : path + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
                    null, bearer, null);
            JsonNode list = reply.body().isArray() ? reply.body() : reply.body().path("resources");
            if (reply.status() != 200 || !list.isArray()) {
                throw new IllegalStateException("the catalog answered " + reply.status() + " to GET " + path);
            }
            list.forEach(items::add);
            cursor = reply.nextCursor();
        } while (cursor != null && ++pages < maxPages);
        return items;
    }

    /** {@code org}: the org the call acts in ({@code X-Org-Id}), or null; {@code bearer} null sends no credential. */
    Reply send(String method, String path, JsonNode body, String bearer, String org) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(catalog.base() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (org != null) {
            request.header(PlatformHeaders.ORG, org);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isBlank() ? JsonNodeFactory.instance.objectNode() : json.readTree(response.body());
            return new Reply(response.statusCode(), parsed,
                    response.headers().firstValue("X-Next-Cursor").filter(c -> !c.isBlank()).orElse(null));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Reply(503, JsonNodeFactory.instance.objectNode(), null);
        }
    }
}
