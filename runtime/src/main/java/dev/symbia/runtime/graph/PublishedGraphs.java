package dev.symbia.runtime.graph;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokenClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The catalog's published graphs as the runtime service sees them (its service token): the catalog lists every
 * org's published graphs to the runtime (catalog {@code Access.PUBLISHED_GRAPH_LISTERS}), and a service acting for
 * an org ({@code X-Org-Id}) reads any one resource of it. Only who owns what: definitions are resolved as the owner.
 */
@Component
class PublishedGraphs {

    /** One graph resource: {@code orgId} null for a platform-wide one, {@code ownerId} its creator. */
    record Published(String resourceId, String key, String orgId, String ownerId, String status) {
        boolean published() {
            return "published".equals(status);
        }
    }

    static final int PAGE = 100;
    private static final int MAX_PAGES = 1000;

    private final CatalogClient catalog;
    private final ObjectProvider<ServiceTokenClient> tokens;

    PublishedGraphs(ManifestSource catalog, ObjectProvider<ServiceTokenClient> tokens) {
        this.catalog = new CatalogClient(catalog);
        this.tokens = tokens;
    }

    /**
     * Every published graph, following the catalog's {@code X-Next-Cursor}. Throws when the catalog or identity does
     * not answer in full: a partial list must not look like graphs that stopped being published.
     */
    List<Published> all() {
        return catalog.listAll("/api/resources?type=graph&status=published&limit=" + PAGE, token(), MAX_PAGES).stream()
                .map(PublishedGraphs::published).toList();
    }

    /** Resource {@code resourceId} of {@code orgId} as the catalog holds it now; empty when it is gone. */
    Optional<Published> one(String resourceId, String orgId) {
        CatalogClient.Reply reply = catalog.send("GET", "/api/resources/" + URLEncoder.encode(resourceId, StandardCharsets.UTF_8),
                null, token(), orgId);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (reply.status() != 200) {
            throw new IllegalStateException("the catalog answered " + reply.status() + " reading graph resource " + resourceId);
        }
        return Optional.of(published(reply.body()));
    }

    private static Published published(JsonNode resource) {
        return new Published(resource.path("id").asString(""), resource.path("key").asString(""), text(resource, "orgId"),
                text(resource, "ownerId"), resource.path("status").asString(""));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
    }

    private String token() {
        ServiceTokenClient client = tokens.getIfAvailable();
        if (client == null) {
            throw new IllegalStateException("no service token (INTERNAL_SERVICE_SECRET unset)");
        }
        try {
            return client.token();
        } catch (AuthUnavailableException e) {
            throw new IllegalStateException("identity unavailable for a service token", e);
        }
    }
}
