package dev.symbia.catalog.resource;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.catalog.access.Access;
import dev.symbia.catalog.access.AccessPolicies;
import dev.symbia.catalog.manifest.Manifests;
import dev.symbia.catalog.manifest.Ranges;
import dev.symbia.web.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes to resources: the permission gates of §1.5 (read denied → 404 so other orgs' resources cannot be probed;
 * readable but not allowed → 403), manifest gates, versions, events and the audit line.
 */
@Service
public class ResourceService {

    private final ResourceStore store;
    private final Manifests manifests;
    private final CatalogEvents events;
    private final JdbcClient jdbc;

    ResourceService(ResourceStore store, Manifests manifests, CatalogEvents events, JdbcClient jdbc) {
        this.store = store;
        this.manifests = manifests;
        this.events = events;
        this.jdbc = jdbc;
    }

    /** A resource the principal may read, else 404. */
    public Resource readable(SymbiaPrincipal principal, UUID id) {
        Resource resource = store.find(id).orElseThrow(() -> ProblemException.notFound("Resource"));
        if (!Access.can(principal, resource.orgId(), resource.accessPolicy(), "read")) {
            throw ProblemException.notFound("Resource");
        }
        return resource;
    }

    @Transactional
    public Resource create(SymbiaPrincipal principal, ResourceRequests.Create request) {
        String org = request.orgId() != null ? request.orgId() : principal.superAdmin() || principal.isService() ? null : principal.orgId();
        JsonNode policy = request.accessPolicy() == null ? AccessPolicies.defaultPolicy() : request.accessPolicy();
        return create(principal, request.key(), request.name(), request.description(), request.type(),
                request.status() == null ? "draft" : request.status(), Boolean.TRUE.equals(request.isBootstrap()), request.tags(),
                org, policy, request.metadata());
    }

    /** Creation as the reference gates it: write under the default policy (the gate cannot be widened by the body). */
    @Transactional
    public Resource create(SymbiaPrincipal principal, String key, String name, String description, String type, String status,
            boolean isBootstrap, List<String> tags, String org, JsonNode policy, JsonNode metadata) {
        if (!Access.can(principal, org, AccessPolicies.defaultPolicy(), "write")
                && !(org != null && Access.can(principal, org, policy, "write") && "org".equals(AccessPolicies.visibility(policy)))) {
            throw ProblemException.forbidden(org == null
                    ? "Creating a platform-wide resource needs cap:registry.write granted outside any org."
                    : "Creating a resource in this org needs cap:registry.write there.");
        }
        manifests.policy(policy);
        requirePlatformGate(principal, isBootstrap);
        if ("published".equals(status)) {
            throw ProblemException.badRequest("A new resource starts as draft; publish it with POST /api/resources/{id}/publish.");
        }
        JsonNode checked = checkMetadata(type, metadata, org);
        Resource resource;
        try {
            resource = store.insert(UUID.randomUUID(), new ResourceStore.Row(key, name, description, type, status, isBootstrap,
                    tags(tags), org, principal.id(), policy, checked), null);
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("A resource with this key already exists.");
        }
        events.written(CatalogEvents.CREATED, "register", resource, null, principal, CatalogEvents.gate(principal));
        return resource;
    }

    @Transactional
    public Resource update(SymbiaPrincipal principal, UUID id, ResourceRequests.Update request) {
        Resource current = writable(principal, id, "write");
        if (request.orgId() != null && !request.orgId().equals(current.orgId()) && !principal.superAdmin()) {
            throw ProblemException.forbidden("Only a super admin moves a resource to another org.");
        }
        if (request.isBootstrap() != null && request.isBootstrap() != current.isBootstrap()) {
            requirePlatformGate(principal, true);
        }
        if ("published".equals(request.status()) && !"published".equals(current.status())) {
            throw ProblemException.badRequest("Publishing creates a version: use POST /api/resources/{id}/publish.");
        }
        String type = or(request.type(), current.type());
        JsonNode policy = request.accessPolicy() == null ? current.accessPolicy() : request.accessPolicy();
        if (request.accessPolicy() != null) {
            manifests.policy(policy);
        }
        String org = request.orgId() == null ? current.orgId() : request.orgId();
        JsonNode metadata = current.metadata();
        if (request.metadata() != null || !type.equals(current.type())) {
            metadata = checkMetadata(type, request.metadata() == null ? current.metadata() : request.metadata(), org);
        }
        Resource updated;
        try {
            updated = store.update(id, new ResourceStore.Row(or(request.key(), current.key()), or(request.name(), current.name()),
                    request.description() == null ? current.description() : request.description(), type,
                    or(request.status(), current.status()),
                    request.isBootstrap() == null ? current.isBootstrap() : request.isBootstrap(),
                    request.tags() == null ? current.tags() : tags(request.tags()), org, current.ownerId(), policy, metadata));
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("A resource with this key already exists.");
        }
        events.written(CatalogEvents.UPDATED, "update", updated, null, principal, CatalogEvents.gate(principal));
        return updated;
    }

    /** Publishes the working copy as the next immutable version (the first publish is version 1). */
    @Transactional
    public ResourceVersion publish(SymbiaPrincipal principal, UUID id, String changelog) {
        Resource resource = readable(principal, id);
        if (!Access.can(principal, resource.orgId(), resource.accessPolicy(), "publish")) {
            throw ProblemException.forbidden("Publishing this resource is not allowed.");
        }
        resource = store.lock(id).orElseThrow(() -> ProblemException.notFound("Resource"));
        int version = resource.currentVersion() + 1;
        ResourceVersion published = store.insertVersion(id, version, snapshot(resource), semver(resource.metadata()),
                changelog == null || changelog.isBlank() ? "Published version " + version : changelog,
                principal == null ? "system:bootstrap" : principal.id());
        Resource after = store.find(id).orElseThrow();
        events.written(CatalogEvents.PUBLISHED, "publish", after, version, principal, CatalogEvents.gate(principal));
        return published;
    }

    @Transactional
    public void delete(SymbiaPrincipal principal, UUID id) {
        Resource resource = writable(principal, id, "delete");
        store.delete(id);
        events.written(CatalogEvents.DELETED, "delete", resource, null, principal, CatalogEvents.gate(principal));
    }

    @Transactional
    public Resource setStatus(SymbiaPrincipal principal, UUID id, String status) {
        if ("published".equals(status)) {
            throw ProblemException.badRequest("Use the publish action to publish.");
        }
        return update(principal, id, new ResourceRequests.Update(null, null, null, null, status, null, null, null, null, null));
    }

    @Transactional
    public Resource changeTags(SymbiaPrincipal principal, UUID id, List<String> tags, boolean add) {
        Resource current = readable(principal, id);
        LinkedHashSet<String> next = new LinkedHashSet<>(current.tags());
        if (add) {
            next.addAll(tags);
        } else {
            next.removeAll(tags);
        }
        return update(principal, id, new ResourceRequests.Update(null, null, null, null, null, null, new ArrayList<>(next), null,
                null, null));
    }

    /** The content snapshot a version keeps. */
    static ObjectNode snapshot(Resource resource) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("name", resource.name());
        content.put("description", resource.description());
        content.set("metadata", resource.metadata());
        content.set("accessPolicy", resource.accessPolicy());
        content.putArray("tags").addAll(resource.tags().stream().map(JsonNodeFactory.instance::stringNode).toList());
        return content;
    }

    /** The semver of a resource's content: metadata.manifest.version, else metadata.version, as x.y.z. */
    static String semver(JsonNode metadata) {
        if (metadata == null) {
            return null;
        }
        JsonNode version = metadata.path("manifest").path("version");
        if (!version.isString()) {
            version = metadata.path("version");
        }
        return version.isString() ? Ranges.version(version.asString()).map(v -> v.getVersion()).orElse(null) : null;
    }

    private Resource writable(SymbiaPrincipal principal, UUID id, String action) {
        Resource resource = readable(principal, id);
        if (!Access.can(principal, resource.orgId(), resource.accessPolicy(), action)) {
            throw ProblemException.forbidden("The resource's access policy does not allow " + action + ".");
        }
        return resource;
    }

    private JsonNode checkMetadata(String type, JsonNode metadata, String org) {
        if (metadata != null && !metadata.isObject()) {
            throw ProblemException.badRequest("metadata must be a JSON object.");
        }
        return switch (type) {
            case "component" -> manifests.component(metadata);
            case "app" -> manifests.app(metadata, key -> componentVersions(key, org));
            default -> metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
        };
    }

    /** Versions of registered component manifests with this key, platform-wide or in the app's org. */
    private List<String> componentVersions(String key, String org) {
        return jdbc.sql("""
                SELECT metadata->'manifest'->>'version' FROM resources
                WHERE type = 'component' AND metadata->'manifest'->>'key' = :key
                  AND (org_id IS NULL OR org_id = :org) AND metadata->'manifest'->>'version' IS NOT NULL
                ORDER BY 1
                """).param("key", key).param("org", org).query(String.class).list();
    }

    private static void requirePlatformGate(SymbiaPrincipal principal, boolean isBootstrap) {
        if (isBootstrap && !(principal.superAdmin() || principal.isService())) {
            throw ProblemException.forbidden("Only the platform marks a resource as bootstrap.");
        }
    }

    private static List<String> tags(List<String> tags) {
        return tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags));
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
