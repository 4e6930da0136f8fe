package dev.symbia.runtime.component;

import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The component registry, public as in the reference (declarations only, nothing org-owned). */
@RestController
class ComponentController {

    private final ComponentRegistry registry;

    ComponentController(ComponentRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "The built-in components: ports, lanes, config declarations")
    @GetMapping("/api/components")
    Map<String, Object> list() {
        List<ComponentSpec> specs = registry.all().stream().map(Component::spec).toList();
        return Map.of("components", specs, "count", specs.size());
    }

    @Operation(summary = "One component's declaration; 404 for an unknown id")
    @GetMapping("/api/components/{id}")
    ComponentSpec one(@PathVariable String id) {
        return registry.find(id).map(Component::spec).orElseThrow(() -> ProblemException.notFound("Component " + id));
    }
}
