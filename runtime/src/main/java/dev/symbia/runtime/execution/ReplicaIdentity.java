package dev.symbia.runtime.execution;

import dev.symbia.runtime.config.RuntimeProperties;
import java.net.URI;
import java.util.UUID;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Who this replica is among the runtimes sharing one database: a stable id (so a restarted replica takes its own
 * leases back at once) and the URL other replicas forward injects to. Both are known once the web server listens.
 */
@Component
class ReplicaIdentity {

    private final RuntimeProperties properties;
    private volatile String id;
    private volatile String url;

    ReplicaIdentity(RuntimeProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        resolve(event.getWebServer().getPort());
    }

    private synchronized void resolve(int port) {
        url = properties.replicaUrl().isBlank() ? "http://localhost:" + port : properties.replicaUrl().replaceAll("/+$", "");
        if (properties.replicaId().isBlank()) {
            URI uri = URI.create(url);
            id = uri.getHost() + ":" + (uri.getPort() < 0 ? port : uri.getPort());
        } else {
            id = properties.replicaId();
        }
    }

    /** This replica's id (a random one if no web server ever started, e.g. in a mock-MVC test). */
    String id() {
        if (id == null) {
            synchronized (this) {
                if (id == null) {
                    id = properties.replicaId().isBlank() ? "replica-" + UUID.randomUUID() : properties.replicaId();
                    url = properties.replicaUrl();
                }
            }
        }
        return id;
    }

    String url() {
        id();
        return url;
    }
}
