package dev.symbia.models.lifecycle;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.models.Access;
import dev.symbia.models.ModelViews;
import dev.symbia.models.inference.ModelManager;
import dev.symbia.models.registry.ModelRecord;
import dev.symbia.models.registry.ModelRegistry;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registry and residency API. Served under {@code /api/models/**} (the reference's paths, reached through the
 * gateway as {@code /svc/models/api/models/**}) and, for the actions, also under the gateway's own mapping
 * ({@code /api/models/rescan} at the gateway is {@code /api/rescan} here).
 */
@RestController
class ModelsController {

    private final ModelRegistry registry;
    private final ModelManager manager;
    private final RegistryEvents events;

    ModelsController(ModelRegistry registry, ModelManager manager, RegistryEvents events) {
        this.registry = registry;
        this.manager = manager;
        this.events = events;
    }

    @Operation(summary = "Every model file found in the models directory, with its metadata and status")
    @GetMapping("/api/models")
    Map<String, Object> list(SymbiaPrincipal principal) {
        Access.require(principal, Access.READ);
        List<Map<String, Object>> models = registry.all().stream().map(m -> ModelViews.model(m, manager)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", models);
        out.put("loaded", manager.loadedIds());
        out.put("lastScan", registry.lastScan());
        return out;
    }

    @Operation(summary = "Whether any model is present and loadable")
    @GetMapping("/api/models/status")
    Map<String, Object> status(SymbiaPrincipal principal) {
        Access.require(principal, Access.READ);
        List<ModelRecord> all = registry.all();
        long usable = all.stream().filter(ModelRecord::usable).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modelsPresent", usable > 0);
        out.put("models", all.size());
        out.put("loadable", usable);
        out.put("unreadable", all.size() - usable);
        out.put("loaded", manager.loadedIds());
        out.put("lastScan", registry.lastScan());
        return out;
    }

    @Operation(summary = "One model")
    @GetMapping("/api/models/{id}")
    Map<String, Object> get(@PathVariable String id, SymbiaPrincipal principal) {
        Access.require(principal, Access.READ);
        return ModelViews.model(registry.find(id).orElseThrow(() -> ModelManager.notFound(id)), manager);
    }

    @Operation(summary = "Rescan the models directory (new, changed and removed files)")
    @PostMapping({"/api/models/rescan", "/api/rescan"})
    Map<String, Object> rescan(SymbiaPrincipal principal) {
        Access.require(principal, Access.ADMIN);
        ModelRegistry.ScanResult result = events.rescan();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", result.models().stream().map(m -> ModelViews.model(m, manager)).toList());
        out.put("added", result.added());
        out.put("removed", result.removed());
        out.put("hashed", result.hashed());
        out.put("scannedAt", result.scannedAt());
        return out;
    }

    @Operation(summary = "Load a model now")
    @PostMapping({"/api/models/{id}/load", "/api/{id}/load"})
    Map<String, Object> load(@PathVariable String id, SymbiaPrincipal principal) {
        Access.require(principal, Access.ADMIN);
        manager.load(id);
        ModelRecord m = manager.require(id);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", m.id());
        model.put("status", ModelViews.status(m, manager));
        model.put("loaded", manager.isLoaded(id));
        model.put("memory_usage_mb", m.sizeBytes() / (1024 * 1024));
        return Map.of("success", true, "model", model);
    }

    @Operation(summary = "Unload a model (409 while it is generating)")
    @PostMapping({"/api/models/{id}/unload", "/api/{id}/unload"})
    Map<String, Object> unload(@PathVariable String id, SymbiaPrincipal principal) {
        Access.require(principal, Access.ADMIN);
        boolean was = manager.unload(id);
        return Map.of("success", true, "message", was ? "Model " + id + " unloaded" : "Model " + id + " was not loaded");
    }
}
