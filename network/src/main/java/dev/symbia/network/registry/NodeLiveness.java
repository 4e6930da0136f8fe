package dev.symbia.network.registry;

import dev.symbia.network.config.NetworkProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Marks nodes whose heartbeats stopped as offline. They are kept (with their contracts) so a service
 * that comes back is the same node; every replica may run the sweep, it is idempotent.
 */
@Component
class NodeLiveness {

    private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);

    private final NodeStore nodes;
    private final NodeDirectory directory;
    private final NetworkProperties properties;
    private final MeterRegistry meters;

    NodeLiveness(NodeStore nodes, NodeDirectory directory, NetworkProperties properties, MeterRegistry meters) {
        this.nodes = nodes;
        this.directory = directory;
        this.properties = properties;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${symbia.network.nodes.sweep-interval:30s}", initialDelayString = "${symbia.network.nodes.sweep-interval:30s}")
    void sweep() {
        try {
            int stale = sweepNow();
            if (stale > 0) {
                log.info("Marked {} silent node(s) offline", stale);
            }
        } catch (RuntimeException e) {
            log.warn("Node liveness sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    int sweepNow() {
        int stale = nodes.markStaleOffline(properties.nodes().heartbeatTimeout());
        if (stale > 0) {
            directory.reloadAll();
        }
        meters.counter("network.node.stale_cleanup").increment(stale);
        return stale;
    }
}
