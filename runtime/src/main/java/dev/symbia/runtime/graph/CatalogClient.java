package dev.symbia.runtime.graph;

import dev.symbia.core.PlatformHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    /** {@code org}: the org the call acts in ({@code X-Org-Id}), or null. */
    Reply send(String method, String path, JsonNode body, String bearer, String org) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(catalog.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
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
