package dev.symbia.models.lifecycle;

import dev.symbia.models.inference.ModelManager;
import dev.symbia.models.registry.CatalogRegistration;
import dev.symbia.models.registry.ModelRecord;
import dev.symbia.models.registry.ModelRegistry;
import dev.symbia.relay.Relay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * A scan and what follows it: loaded models whose file changed are unloaded, each model is registered in the
 * catalog, and the network hears {@code models.registry.updated}. The first scan runs once the service is ready,
 * so an empty or missing directory never keeps it from starting.
 */
@Service
public class RegistryEvents {

    private static final Logger log = LoggerFactory.getLogger(RegistryEvents.class);

    private final ModelRegistry registry;
    private final ModelManager manager;
    private final CatalogRegistration catalog;
    private final ObjectProvider<Relay> relay;

    RegistryEvents(ModelRegistry registry, ModelManager manager, CatalogRegistration catalog,
            ObjectProvider<Relay> relay) {
        this.registry = registry;
        this.manager = manager;
        this.catalog = catalog;
        this.relay = relay;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        try {
            rescan();
        } catch (RuntimeException e) {
            log.warn("The first scan of the models directory failed; POST /api/models/rescan retries", e);
        }
    }

    public ModelRegistry.ScanResult rescan() {
        ModelRegistry.ScanResult result = registry.rescan();
        manager.reconcile(result.models());
        catalog.register(result.models());
        announce(result);
        return result;
    }

    private void announce(ModelRegistry.ScanResult result) {
        Relay r = relay.getIfAvailable();
        if (r == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("models", result.models().stream().filter(ModelRecord::usable).map(m -> {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("id", m.id());
            model.put("digest", m.digest() == null ? "" : m.digest());
            model.put("architecture", m.architecture() == null ? "" : m.architecture());
            model.put("contextLength", m.contextLength() == null ? 0 : m.contextLength());
            return model;
        }).toList());
        data.put("added", List.copyOf(result.added()));
        data.put("removed", List.copyOf(result.removed()));
        try {
            r.publish("models.registry.updated", data);
        } catch (RuntimeException e) {
            log.debug("Could not announce the registry on the network: {}", e.getMessage());
        }
    }
}
