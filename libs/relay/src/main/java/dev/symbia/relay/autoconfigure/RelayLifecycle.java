package dev.symbia.relay.autoconfigure;

import dev.symbia.relay.RelayClient;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the relay once the application (and its web server, so the delivery endpoint's port is
 * known) is up, and disconnects it first on shutdown. Starting only schedules the connection: startup
 * never waits for the network.
 */
class RelayLifecycle implements SmartLifecycle {

    private final RelayClient relay;
    private volatile boolean running;

    RelayLifecycle(RelayClient relay) {
        this.relay = relay;
    }

    @Override
    public void start() {
        relay.start();
        running = true;
    }

    /** Disconnects but keeps the relay usable: a stopped context may be started again. The bean's destroy closes it. */
    @Override
    public void stop() {
        relay.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
