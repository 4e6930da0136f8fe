package dev.symbia.models;

import dev.symbia.models.inference.ModelManager;
import dev.symbia.models.registry.ModelRecord;
import dev.symbia.models.registry.ModelRegistry;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness detail: how many models are present and loadable. An empty directory is a normal state (the service
 * answers, and says it has no models), so it is never DOWN for it; GET /api/models/status says the same.
 */
@Component("models")
class ModelsHealth implements HealthIndicator {

    private final ModelRegistry registry;
    private final ModelManager manager;

    ModelsHealth(ModelRegistry registry, ModelManager manager) {
        this.registry = registry;
        this.manager = manager;
    }

    @Override
    public Health health() {
        List<ModelRecord> all = registry.all();
        long usable = all.stream().filter(ModelRecord::usable).count();
        return Health.up().withDetail("modelsPresent", usable > 0).withDetail("loadable", usable)
                .withDetail("unreadable", all.size() - usable).withDetail("loaded", manager.loadedIds().size()).build();
    }
}
