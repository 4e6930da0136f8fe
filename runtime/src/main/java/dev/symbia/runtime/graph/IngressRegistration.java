package dev.symbia.runtime.graph;

import dev.symbia.auth.ActingTokenClient;
import dev.symbia.runtime.config.RuntimeProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ingress a graph declares ({@code metadata.ingress}) is made discoverable as the catalog resource
 * {@code ingress/<graphName>} (type {@code integration}, {@code kind: runtime.ingress}, reference §2.8): its endpoint,
 * method, node, port, capability and the gate's rule in words. Written as the graph's owner (identity's acting token)
 * in the graph's org, with an org-only read policy, so the catalog's own rules decide and nothing leaks to other
 * orgs; an existing entry of that org is updated in place. In the background: a catalog that is down never fails a
 * load (the entry is written at the next load).
 */
@Component
class IngressRegistration {

    private static final Logger log = LoggerFactory.getLogger(IngressRegistration.class);
    // A catalog key segment (the catalog's key pattern, without '/').
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,200}");
    static final String TAG = "runtime-ingress";

    private final CatalogClient catalog;
    private final ObjectProvider<ActingTokenClient> acting;
    private final boolean enabled;

    IngressRegistration(ManifestSource catalog, ObjectProvider<ActingTokenClient> acting, RuntimeProperties properties) {
        this.catalog = new CatalogClient(catalog);
        this.acting = acting;
        this.enabled = properties.registerIngress();
    }

    /** Registers the graph's ingress in the background when it declares one (after the load commits). */
    void registerLater(LoadedGraph graph) {
        if (!enabled || declared(graph) == null) {
            return;
        }
        Runnable start = () -> Thread.ofVirtual().name("runtime-ingress-" + graph.name()).start(() -> {
            try {
                register(graph);
            } catch (RuntimeException e) {
                log.warn("Ingress of graph {} not registered in the catalog: {}", graph.name(), e.toString());
            }
        });
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    start.run();
                }
            });
        } else {
            start.run();
        }
    }

    /** The outcome, for logs and tests: created, updated, or why not. */
    String register(LoadedGraph graph) {
        JsonNode ingress = declared(graph);
        if (ingress == null) {
            return "no ingress declared";
        }
        if (!NAME.matcher(graph.name()).matches()) {
            return skipped(graph, "the graph's name is not usable in a catalog key");
        }
        ActingTokenClient client = acting.getIfAvailable();
        if (client == null || graph.ownerId() == null) {
            return skipped(graph, "no acting token for the graph's owner (INTERNAL_SERVICE_SECRET unset, or no owner)");
        }
        String bearer;
        try {
            Optional<ActingTokenClient.Acting> owner = client.forUser(graph.ownerId(), graph.orgId());
            if (owner.isEmpty()) {
                return skipped(graph, "the graph's owner is no longer a member of its org");
            }
            bearer = owner.get().token();
        } catch (java.io.IOException e) {
            return skipped(graph, "identity: " + e.getMessage());
        }
        String key = "ingress/" + graph.name();
        ObjectNode metadata = metadata(graph, ingress);
        CatalogClient.Reply listed = catalog.send("GET", "/api/resources?type=integration&tag=" + TAG + "&orgId="
                + URLEncoder.encode(graph.orgId(), StandardCharsets.UTF_8) + "&limit=1000", null, bearer, graph.orgId());
        if (listed.status() == 200) {
            for (JsonNode resource : listed.body()) {
                if (key.equals(resource.path("key").asString("")) && graph.orgId().equals(resource.path("orgId").asString(""))) {
                    ObjectNode patch = JsonNodeFactory.instance.objectNode();
                    patch.set("metadata", metadata);
                    CatalogClient.Reply updated = catalog.send("PATCH", "/api/resources/" + resource.path("id").asString(), patch, bearer, graph.orgId());
                    return updated.status() == 200 ? "updated " + key : skipped(graph, "the catalog answered " + updated.status());
                }
            }
        }
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("key", key);
        resource.put("name", "Ingress " + graph.name());
        resource.put("description", "Deliveries to graph " + graph.name() + " through POST " + endpoint(graph));
        resource.put("type", "integration");
        resource.put("orgId", graph.orgId());
        resource.putArray("tags").add("runtime").add(TAG);
        ObjectNode policy = resource.putObject("accessPolicy");
        policy.put("visibility", "org");
        ObjectNode actions = policy.putObject("actions");
        actions.putObject("read").putArray("anyOf").add("org:" + graph.orgId());
        actions.putObject("write").putArray("anyOf").add("cap:registry.write").add("role:admin");
        actions.putObject("publish").putArray("anyOf").add("cap:registry.publish").add("role:admin");
        actions.putObject("delete").putArray("anyOf").add("role:admin");
        resource.set("metadata", metadata);
        CatalogClient.Reply created = catalog.send("POST", "/api/resources", resource, bearer, graph.orgId());
        if (created.status() == 201) {
            log.info("Ingress of graph {} registered in the catalog as {}", graph.name(), key);
            return "created " + key;
        }
        return skipped(graph, created.status() == 409 ? "the key " + key + " is taken" : "the catalog answered " + created.status());
    }

    private static JsonNode declared(LoadedGraph graph) {
        JsonNode ingress = graph.metadata() == null ? null : graph.metadata().get("ingress");
        return ingress != null && ingress.isObject() ? ingress : null;
    }

    private static String endpoint(LoadedGraph graph) {
        return "/api/runtime/ingress/" + graph.name();
    }

    private static ObjectNode metadata(LoadedGraph graph, JsonNode ingress) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("kind", "runtime.ingress");
        metadata.put("graph", graph.name());
        metadata.put("graphKey", graph.key());
        metadata.put("endpoint", endpoint(graph));
        metadata.put("method", "POST");
        metadata.put("node", graph.ingress().node());
        metadata.put("port", graph.ingress().port());
        String capability = graph.ingressCapability();
        if (capability != null) {
            metadata.put("capability", capability);
        }
        if (ingress.path("description").isString()) {
            metadata.put("description", ingress.get("description").stringValue());
        }
        metadata.put("authorization", "Members of the owning org" + (capability == null ? "" : " holding " + capability)
                + " (super admins always); an array body is a batch.");
        return metadata;
    }

    private String skipped(LoadedGraph graph, String why) {
        log.warn("Ingress of graph {} not registered in the catalog: {}", graph.name(), why);
        return "skipped: " + why;
    }
}
