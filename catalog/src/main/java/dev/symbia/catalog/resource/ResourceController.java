package dev.symbia.catalog.resource;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.catalog.access.Access;
import dev.symbia.catalog.config.CatalogProperties;
import dev.symbia.catalog.manifest.Ranges;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The resources surface (§1.1): lists stay bare arrays for the reference's clients; pagination is a {@code Link:
 * <…>; rel="next"} header (and {@code X-Next-Cursor}). Reads work anonymously and show what the caller may read;
 * writes need a principal.
 */
@RestController
class ResourceController {

    private final ResourceStore store;
    private final ResourceService service;
    private final RequestBodies bodies;
    private final CatalogProperties properties;

    ResourceController(ResourceStore store, ResourceService service, RequestBodies bodies, CatalogProperties properties) {
        this.store = store;
        this.service = service;
        this.bodies = bodies;
        this.properties = properties;
    }

    @Operation(summary = "List readable resources, newest first (bare array; Link header for the next page)")
    @GetMapping("/api/resources")
    ResponseEntity<List<Resource>> list(@RequestParam(required = false) String type, @RequestParam(required = false) String status,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String orgId,
            @RequestParam(required = false) Boolean isBootstrap, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return page(new ResourceStore.Filter(type, status, tag, orgId, isBootstrap), limit, cursor);
    }

    @Operation(summary = "A resource (404 when missing or not readable)")
    @GetMapping("/api/resources/{id}")
    Resource get(@PathVariable UUID id) {
        return service.readable(principal(), id);
    }

    @Operation(summary = "Create a resource (component and app manifests validated; duplicate key → 409)")
    @PostMapping("/api/resources")
    @ResponseStatus(HttpStatus.CREATED)
    Resource create(SymbiaPrincipal principal, @RequestBody(required = false) JsonNode body) {
        graphHint(body, body != null && "graph".equals(body.path("type").asString(null)), ResourceRequests.Create.class);
        return service.create(principal, bodies.read(body, ResourceRequests.Create.class));
    }

    @Operation(summary = "Update a resource's working copy (published versions never change)")
    @PatchMapping("/api/resources/{id}")
    Resource update(SymbiaPrincipal principal, @PathVariable UUID id, @RequestBody(required = false) JsonNode body) {
        return service.update(principal, id, bodies.read(body, ResourceRequests.Update.class));
    }

    @Operation(summary = "Delete a resource with its versions")
    @DeleteMapping("/api/resources/{id}")
    Map<String, Object> delete(SymbiaPrincipal principal, @PathVariable UUID id) {
        service.delete(principal, id);
        return Map.of("success", true);
    }

    @Operation(summary = "Publish, delete, set status or change tags of up to 100 resources, each on its own")
    @PostMapping("/api/resources/bulk")
    Map<String, Object> bulk(SymbiaPrincipal principal, @RequestBody(required = false) JsonNode body) {
        ResourceRequests.Bulk request = bodies.read(body, ResourceRequests.Bulk.class);
        ResourceRequests.BulkPayload payload = request.payload();
        switch (request.action()) {
            case "updateStatus" -> {
                if (payload == null || payload.status() == null) {
                    throw ProblemException.badRequest("updateStatus needs payload.status.");
                }
            }
            case "addTags", "removeTags" -> {
                if (payload == null || payload.tags() == null || payload.tags().isEmpty()) {
                    throw ProblemException.badRequest(request.action() + " needs payload.tags.");
                }
            }
            default -> {
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int succeeded = 0;
        for (UUID id : request.ids()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", id);
            try {
                switch (request.action()) {
                    case "publish" -> service.publish(principal, id, null);
                    case "delete" -> service.delete(principal, id);
                    case "updateStatus" -> service.setStatus(principal, id, payload.status());
                    case "addTags" -> service.changeTags(principal, id, payload.tags(), true);
                    default -> service.changeTags(principal, id, payload.tags(), false);
                }
                result.put("status", "success");
                succeeded++;
            } catch (ProblemException e) {
                result.put("status", "failed");
                result.put("error", e.getBody().getDetail());
            }
            results.add(result);
        }
        return Map.of("summary", Map.of("total", request.ids().size(), "succeeded", succeeded,
                "failed", request.ids().size() - succeeded), "results", results);
    }

    @Operation(summary = "Publish the working copy as the next immutable version; returns the version")
    @PostMapping("/api/resources/{id}/publish")
    @ResponseStatus(HttpStatus.CREATED)
    ResourceVersion publish(SymbiaPrincipal principal, @PathVariable UUID id, @RequestBody(required = false) JsonNode body) {
        String changelog = body == null || body.isNull() || body.isEmpty() && body.isObject() ? null
                : bodies.read(body, ResourceRequests.Publish.class).changelog();
        return service.publish(principal, id, changelog);
    }

    @Operation(summary = "Published versions of a resource, newest first")
    @GetMapping("/api/resources/{id}/versions")
    List<ResourceVersion> versions(@PathVariable UUID id) {
        service.readable(principal(), id);
        return store.versions(id);
    }

    @Operation(summary = "One published version with its content snapshot")
    @GetMapping("/api/resources/{id}/versions/{version}")
    ResourceVersion version(@PathVariable UUID id, @PathVariable int version) {
        service.readable(principal(), id);
        return store.version(id, version).orElseThrow(() -> ProblemException.notFound("Version"));
    }

    @Operation(summary = "Resolve a key to a published version: ?version=<n | semver range | latest> (default latest)")
    @GetMapping("/api/resolve/{*key}")
    ResourceVersion resolve(@PathVariable String key, @RequestParam(required = false) String version) {
        String k = key.startsWith("/") ? key.substring(1) : key;
        Resource resource = store.findByKey(k).filter(r -> Access.can(principal(), r.orgId(), r.accessPolicy(), "read"))
                .orElseThrow(() -> ProblemException.notFound("Resource"));
        List<ResourceVersion> all = store.versions(resource.id());
        String wanted = version == null || version.isBlank() ? "latest" : version.trim();
        if (wanted.equals("latest")) {
            return all.stream().findFirst().orElseThrow(() -> ProblemException.notFound("Published version"));
        }
        if (wanted.matches("\\d{1,9}")) {
            return store.version(resource.id(), Integer.parseInt(wanted)).orElseThrow(() -> ProblemException.notFound("Version"));
        }
        if (!Ranges.valid(wanted)) {
            throw ProblemException.badRequest("version must be a number, 'latest' or a semver range (^, ~, >=, >, <=, <, =).");
        }
        // Highest semver satisfying the range; among equal semvers the newest publish.
        return all.stream().filter(v -> v.semver() != null && Ranges.satisfies(v.semver(), wanted))
                .max(Comparator.<ResourceVersion, org.semver4j.Semver>comparing(v -> Ranges.version(v.semver()).orElseThrow())
                        .thenComparingInt(ResourceVersion::version))
                .orElseThrow(() -> ProblemException.notFound("Version matching " + wanted));
    }

    ResponseEntity<List<Resource>> page(ResourceStore.Filter filter, Integer limit, String cursor) {
        if (filter.type() != null && !Resource.TYPES.contains(filter.type())) {
            throw ProblemException.badRequest("type must be one of " + Resource.TYPES + ".");
        }
        if (filter.status() != null && !Resource.STATUSES.contains(filter.status())) {
            throw ProblemException.badRequest("status must be one of " + Resource.STATUSES + ".");
        }
        if (limit != null && (limit < 1 || limit > properties.listLimit())) {
            throw ProblemException.badRequest("limit must be between 1 and " + properties.listLimit() + ".");
        }
        Cursor after = null;
        if (cursor != null) {
            try {
                after = Cursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("cursor is not one this service issued.");
            }
        }
        int size = limit == null ? properties.listLimit() : limit;
        Map<String, Object> params = new LinkedHashMap<>();
        String read = Access.readFilter(principal(), params);
        List<Resource> rows = store.list(filter, read, params, after, size);
        HttpHeaders headers = new HttpHeaders();
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            String next = Cursor.after(rows.get(size - 1)).encode();
            String link = PageLinks.next(
                    ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest(), next, size);
            headers.add(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"");
            headers.add("X-Next-Cursor", next);
        }
        return ResponseEntity.ok().headers(headers).body(rows);
    }

    /** The reference's rule: a graph's definition goes under metadata.definition, never at the top level. */
    static void graphHint(JsonNode body, boolean graph, Class<?> type) {
        if (!graph || body == null || !body.isObject()) {
            return;
        }
        List<String> known = java.util.Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
        List<String> unknown = body.propertyNames().stream().filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, dev.symbia.core.ProblemTypes.VALIDATION, "Invalid request",
                    "Unknown field(s) " + unknown + ": a graph's definition (nodes, edges, …) goes under metadata.definition.",
                    Map.of("unknownFields", unknown, "hint", "Put the graph definition in metadata.definition."));
        }
    }

    static SymbiaPrincipal principal() {
        return Authz.current().orElse(null);
    }
}
