package dev.symbia.runtime.graph;

import dev.symbia.auth.ActingTokenClient;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Published graphs from the catalog: {@code GET /api/resolve/{key}?version=} with the caller's own credential, so the
 * catalog applies the caller's read access (a graph they may not read is "not found" here too).
 */
@Component
class CatalogGraphs {

    /** A resolved graph: its definition, the catalog version it is pinned to, and its {@code metadata.role} (or null). */
    record Resolved(JsonNode definition, int version, String role) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ManifestSource catalog;
    private final ObjectProvider<ActingTokenClient> acting;

    CatalogGraphs(ManifestSource catalog, ObjectProvider<ActingTokenClient> acting) {
        this.catalog = catalog;
        this.acting = acting;
    }

    /**
     * Re-resolves a loaded graph's key as its owner (identity's acting token: the owner's read access applies, as
     * when they loaded it). Empty when the catalog no longer has it or the owner may no longer read it; an
     * exception when that cannot be told now (no acting tokens, identity or catalog unreachable).
     */
    Optional<Resolved> resolveAsOwner(String ownerId, String orgId, String key, String version) {
        ActingTokenClient client = acting.getIfAvailable();
        if (client == null) {
            throw new IllegalStateException("no acting tokens (INTERNAL_SERVICE_SECRET unset)");
        }
        Optional<ActingTokenClient.Acting> owner;
        try {
            owner = client.forUser(ownerId, orgId);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("identity: " + e.getMessage(), e);
        }
        if (owner.isEmpty()) {
            throw new IllegalStateException("the owner " + ownerId + " is no longer a member of org " + orgId);
        }
        try {
            return Optional.of(resolve(key, version, "Bearer " + owner.get().token()));
        } catch (ProblemException e) {
            if (e.getStatusCode().value() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException(e.getBody().getDetail(), e);
        }
    }

    Resolved resolve(String key, String version, String authorization) {
        String target = catalog.base() + "/api/resolve/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/")
                + (version == null ? "" : "?version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ProblemException(HttpStatus.BAD_GATEWAY, ProblemTypes.BAD_GATEWAY, "Catalog unreachable",
                    "The catalog could not be reached to resolve graph '" + key + "'.");
        }
        if (response.statusCode() == 404 || response.statusCode() == 403 || response.statusCode() == 400) {
            throw ProblemException.notFound("Published graph '" + key + "'" + (version == null ? "" : " version " + version));
        }
        if (response.statusCode() != 200) {
            throw new ProblemException(HttpStatus.BAD_GATEWAY, ProblemTypes.BAD_GATEWAY, "Catalog error",
                    "The catalog answered " + response.statusCode() + " resolving graph '" + key + "'.");
        }
        JsonNode row = json.readTree(response.body());
        JsonNode metadata = row.path("content").path("metadata");
        JsonNode definition = metadata.has("definition") ? metadata.get("definition") : metadata.has("graph") ? metadata.get("graph") : metadata;
        if (!definition.path("nodes").isArray() || !definition.path("edges").isArray()) {
            throw ProblemException.badRequest("Published graph '" + key + "' has no usable definition (metadata.definition with nodes and edges)");
        }
        return new Resolved(definition, row.path("version").asInt(), metadata.path("role").isString() ? metadata.get("role").stringValue() : null);
    }
}
