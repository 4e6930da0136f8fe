package dev.symbia.network.registry;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.network.security.Capabilities;
import dev.symbia.relay.NodeRegistration;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/registry/nodes}: the node registry over REST (relays register over their socket). */
@RestController
@RequestMapping("/api/registry/nodes")
class RegistryController {

    private final NodeRegistry registry;

    RegistryController(NodeRegistry registry) {
        this.registry = registry;
    }

    record NodeList(List<NodeView> nodes, int count) {
        static NodeList of(List<Node> nodes) {
            List<NodeView> views = nodes.stream().map(NodeView::of).toList();
            return new NodeList(views, views.size());
        }
    }

    @Operation(summary = "Register a node (its own id for a service or agent; otherwise cap:network.nodes.admin)")
    @PostMapping
    ResponseEntity<NodeView> register(SymbiaPrincipal principal, @RequestBody NodeRegistration registration) {
        return ResponseEntity.status(HttpStatus.CREATED).body(NodeView.of(registry.register(principal, registration, null)));
    }

    @Operation(summary = "List nodes")
    @GetMapping
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    NodeList list() {
        return NodeList.of(registry.all());
    }

    @Operation(summary = "One node")
    @GetMapping("/{id}")
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    NodeView get(@PathVariable String id) {
        return registry.find(id).map(NodeView::of).orElseThrow(() -> ProblemException.notFound("Node '" + id + "'"));
    }

    @Operation(summary = "Heartbeat of a node (its owner, or cap:network.nodes.admin)")
    @PostMapping("/{id}/heartbeat")
    Map<String, Object> heartbeat(SymbiaPrincipal principal, @PathVariable String id) {
        registry.heartbeat(principal, id);
        return Map.of("ok", true, "timestamp", Instant.now());
    }

    @Operation(summary = "Unregister a node (its contracts stay; delete them explicitly)")
    @DeleteMapping("/{id}")
    @RequiresCapability(Capabilities.NODES_ADMIN)
    ResponseEntity<Void> delete(@PathVariable String id) {
        registry.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Nodes announcing a capability")
    @GetMapping("/capability/{capability}")
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    NodeList byCapability(@PathVariable String capability) {
        return NodeList.of(registry.byCapability(capability));
    }

    @Operation(summary = "Nodes of a type")
    @GetMapping("/type/{type}")
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    NodeList byType(@PathVariable String type) {
        return NodeList.of(registry.byType(type));
    }
}
