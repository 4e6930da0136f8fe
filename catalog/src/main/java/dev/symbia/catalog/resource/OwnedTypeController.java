package dev.symbia.catalog.resource;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.catalog.access.AccessPolicies;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import tools.jackson.databind.JsonNode;

/**
 * The {@code /api/graphs} and {@code /api/contexts} convenience routes: the same resources with the type fixed,
 * strict bodies, an org policy when created for an org. A graph needs an org (the reference's rule); a context
 * without one gets the default private policy in the caller's org. Unlike the reference, these writes are
 * ledgered and announced like every other write.
 */
@RestController
class OwnedTypeController {

    private final ResourceController resources;
    private final ResourceService service;
    private final RequestBodies bodies;

    OwnedTypeController(ResourceController resources, ResourceService service, RequestBodies bodies) {
        this.resources = resources;
        this.service = service;
        this.bodies = bodies;
    }

    @Operation(summary = "Readable graphs (bare array)")
    @GetMapping("/api/graphs")
    ResponseEntity<List<Resource>> graphs(@RequestParam(required = false) String orgId, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return resources.page(new ResourceStore.Filter("graph", status, null, orgId, null), limit, cursor);
    }

    @Operation(summary = "A graph")
    @GetMapping("/api/graphs/{id}")
    Resource graph(@PathVariable UUID id) {
        return typed(id, "graph");
    }

    @Operation(summary = "Create a graph in an org (definition under metadata.definition)")
    @PostMapping("/api/graphs")
    @ResponseStatus(HttpStatus.CREATED)
    Resource createGraph(SymbiaPrincipal principal, @RequestBody(required = false) JsonNode body) {
        ResourceController.graphHint(body, true, ResourceRequests.CreateOwned.class);
        ResourceRequests.CreateOwned request = bodies.read(body, ResourceRequests.CreateOwned.class);
        if (request.orgId() == null) {
            throw ProblemException.badRequest("orgId is required for a graph.");
        }
        return createOwned(principal, request, "graph");
    }

    @Operation(summary = "Update a graph's name, description, tags or metadata")
    @PatchMapping("/api/graphs/{id}")
    Resource updateGraph(SymbiaPrincipal principal, @PathVariable UUID id, @RequestBody(required = false) JsonNode body) {
        ResourceController.graphHint(body, true, ResourceRequests.UpdateOwned.class);
        return updateOwned(principal, id, body, "graph");
    }

    @Operation(summary = "Delete a graph")
    @DeleteMapping("/api/graphs/{id}")
    Map<String, Object> deleteGraph(SymbiaPrincipal principal, @PathVariable UUID id) {
        typed(id, "graph");
        service.delete(principal, id);
        return Map.of("success", true);
    }

    @Operation(summary = "Readable contexts (bare array)")
    @GetMapping("/api/contexts")
    ResponseEntity<List<Resource>> contexts(@RequestParam(required = false) String orgId, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return resources.page(new ResourceStore.Filter("context", status, null, orgId, null), limit, cursor);
    }

    @Operation(summary = "A context")
    @GetMapping("/api/contexts/{id}")
    Resource context(@PathVariable UUID id) {
        return typed(id, "context");
    }

    @Operation(summary = "Create a context (org policy when orgId is given)")
    @PostMapping("/api/contexts")
    @ResponseStatus(HttpStatus.CREATED)
    Resource createContext(SymbiaPrincipal principal, @RequestBody(required = false) JsonNode body) {
        return createOwned(principal, bodies.read(body, ResourceRequests.CreateOwned.class), "context");
    }

    @Operation(summary = "Update a context's name, description, tags or metadata")
    @PatchMapping("/api/contexts/{id}")
    Resource updateContext(SymbiaPrincipal principal, @PathVariable UUID id, @RequestBody(required = false) JsonNode body) {
        return updateOwned(principal, id, body, "context");
    }

    @Operation(summary = "Delete a context")
    @DeleteMapping("/api/contexts/{id}")
    Map<String, Object> deleteContext(SymbiaPrincipal principal, @PathVariable UUID id) {
        typed(id, "context");
        service.delete(principal, id);
        return Map.of("success", true);
    }

    private Resource createOwned(SymbiaPrincipal principal, ResourceRequests.CreateOwned request, String type) {
        String org = request.orgId();
        if (org != null && !principal.superAdmin() && !principal.isMemberOf(org) && !org.equals(principal.orgId())) {
            throw ProblemException.forbidden("Only members of the org create its " + type + "s.");
        }
        JsonNode policy = org == null ? AccessPolicies.defaultPolicy() : AccessPolicies.orgPolicy(org);
        return service.create(principal, request.key(), request.name(), request.description(), type, "draft", false,
                request.tags(), org != null ? org : principal.superAdmin() || principal.isService() ? null : principal.orgId(),
                policy, request.metadata());
    }

    private Resource updateOwned(SymbiaPrincipal principal, UUID id, JsonNode body, String type) {
        ResourceRequests.UpdateOwned request = bodies.read(body, ResourceRequests.UpdateOwned.class);
        typed(id, type);
        return service.update(principal, id, new ResourceRequests.Update(null, request.name(), request.description(), null, null,
                null, request.tags(), null, null, request.metadata()));
    }

    private Resource typed(UUID id, String type) {
        Resource resource = service.readable(ResourceController.principal(), id);
        if (!type.equals(resource.type())) {
            throw ProblemException.notFound(Character.toUpperCase(type.charAt(0)) + type.substring(1));
        }
        return resource;
    }
}
