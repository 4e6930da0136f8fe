package dev.symbia.network.registry;

import dev.symbia.auth.PrincipalType;
import dev.symbia.core.SymbiaService;
import dev.symbia.network.security.Principals;
import dev.symbia.relay.NodeRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The network is one of the platform's services, so it appears in its own registry as node
 * {@code network}. It cannot join itself through a relay (a socket from the process to itself, and a
 * service token it would need from identity before it is up), so it writes its node directly when
 * ready and keeps it alive with the same heartbeat the liveness sweep checks. Every replica does the
 * same; the writes are idempotent. It announces no endpoint: the router never fans {@code *} out to it.
 */
@Component
class SelfRegistration {

    static final String NODE_ID = SymbiaService.NETWORK.id();

    private static final Logger log = LoggerFactory.getLogger(SelfRegistration.class);

    private final NodeStore nodes;
    private final NodeDirectory directory;
    private final String owner = Principals.key(PrincipalType.SERVICE, NODE_ID);
    private final String startedAt = Instant.now().toString();

    SelfRegistration(NodeStore nodes, NodeDirectory directory) {
        this.nodes = nodes;
        this.directory = directory;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        try {
            nodes.upsert(new NodeRegistration(NODE_ID, NODE_ID, "service", List.of("network.hub"), null,
                    Map.of("startedAt", startedAt, "self", true)), owner, null);
            directory.refresh(NODE_ID);
            log.info("Network registered itself as node '{}'", NODE_ID);
        } catch (RuntimeException e) {
            // The next heartbeat tries again; the network works without its own node.
            log.warn("Could not register the network's own node: {}", e.getClass().getSimpleName());
        }
    }

    /** Well inside the liveness timeout (90 s by default), so the sweep never marks the hub offline. */
    @Scheduled(fixedDelayString = "${symbia.network.nodes.self-heartbeat-interval:20s}",
            initialDelayString = "${symbia.network.nodes.self-heartbeat-interval:20s}")
    void heartbeat() {
        try {
            if (!nodes.heartbeat(NODE_ID)) {
                register(); // deleted by an operator meanwhile: the hub is still here
            } else if (!directory.find(NODE_ID).map(Node::online).orElse(false)) {
                directory.refresh(NODE_ID);
            }
        } catch (RuntimeException e) {
            log.warn("Network self-heartbeat failed: {}", e.getClass().getSimpleName());
        }
    }
}
