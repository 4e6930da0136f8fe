package dev.symbia.catalog.resource;

import dev.symbia.auth.SymbiaPrincipal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * After each committed write: one audit line (the reference's {@code registry.ledger}: who, what, which gate) on
 * the {@code catalog.audit} logger, and one network event {@code catalog.resource.created|updated|published|deleted}
 * so runtime and assistants react without polling. Event data is ids, key, type, status, org and version — never
 * metadata (it may be large or private; subscribers fetch what they may read). A rolled-back write announces nothing;
 * a relay failure never fails the write. The network routes these by a {@code catalog → * catalog.*} contract.
 */
@Component
public class CatalogEvents {

    public static final String CREATED = "catalog.resource.created";
    public static final String UPDATED = "catalog.resource.updated";
    public static final String PUBLISHED = "catalog.resource.published";
    public static final String DELETED = "catalog.resource.deleted";

    private static final Logger log = LoggerFactory.getLogger(CatalogEvents.class);
    private static final Logger audit = LoggerFactory.getLogger("catalog.audit");

    private final ObjectProvider<dev.symbia.relay.Relay> relay;
    private final JsonMapper json;

    CatalogEvents(ObjectProvider<dev.symbia.relay.Relay> relay, JsonMapper json) {
        this.relay = relay;
        this.json = json;
    }

    /** Records a write: {@code action} is register | update | publish | delete (the ledger's words). */
    public void written(String type, String action, Resource resource, Integer version, SymbiaPrincipal principal, String gate) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("resourceId", resource.id().toString());
        data.put("key", resource.key());
        data.put("type", resource.type());
        data.put("status", resource.status());
        if (resource.orgId() != null) {
            data.put("orgId", resource.orgId());
        }
        if (version != null) {
            data.put("version", version);
        }
        Map<String, Object> ledger = new LinkedHashMap<>();
        ledger.put("event", "registry.ledger");
        ledger.put("action", action);
        ledger.put("resourceId", resource.id().toString());
        ledger.put("resourceKey", resource.key());
        ledger.put("resourceType", resource.type());
        if (version != null) {
            ledger.put("version", version);
        }
        ledger.put("principal", principal == null ? "system:bootstrap" : principal.type().name().toLowerCase() + ":" + principal.id());
        ledger.put("orgId", resource.orgId());
        ledger.put("gate", gate);
        ledger.put("ts", Instant.now().toString());
        Runnable emit = () -> {
            audit.info(json.writeValueAsString(ledger));
            dev.symbia.relay.Relay target = relay.getIfAvailable();
            if (target == null) {
                return;
            }
            try {
                target.publish(type, data);
            } catch (RuntimeException e) {
                log.warn("Could not publish {}: {}", type, e.getClass().getSimpleName());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    emit.run();
                }
            });
        } else {
            emit.run();
        }
    }

    /** Which gate let a principal through, for the ledger. */
    public static String gate(SymbiaPrincipal principal) {
        if (principal == null) {
            return "bootstrap";
        }
        if (principal.superAdmin()) {
            return "super-admin";
        }
        return principal.isService() ? "service" : "policy";
    }
}
