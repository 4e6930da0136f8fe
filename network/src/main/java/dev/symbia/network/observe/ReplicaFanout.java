package dev.symbia.network.observe;

import dev.symbia.network.config.ReplicaId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Cross-replica fan-out through PostgreSQL LISTEN/NOTIFY (SPEC §10): each replica announces the
 * events it routed, and every other replica hands them to its own watchers, so a watch stream sees
 * the whole network whichever replica it is connected to.
 */
@Component
class ReplicaFanout implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFanout.class);
    static final String CHANNEL = "network_watch";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ReplicaId replica;
    private volatile Consumer<String> onRemoteEvent = id -> { };
    private volatile boolean running;
    // The current listener thread; an old one still winding down after a stop/start sees it is not current and exits.
    private volatile Thread listener;

    ReplicaFanout(DataSource dataSource, JdbcClient jdbc, ReplicaId replica) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.replica = replica;
    }

    void onRemoteEvent(Consumer<String> consumer) {
        this.onRemoteEvent = consumer;
    }

    /** Tells the other replicas an event was routed here. */
    void announce(String eventId) {
        try {
            jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :payload)").param("payload", replica.value() + " " + eventId)
                    .query(String.class).optional();
        } catch (RuntimeException e) {
            log.debug("Could not announce event {} to other replicas", eventId);
        }
    }

    @Override
    public void start() {
        running = true;
        Thread thread = Thread.ofPlatform().daemon().name("network-fanout").unstarted(this::listen);
        listener = thread; // assigned before it runs, so it recognises itself as current
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread current = listener;
        listener = null;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running && Thread.currentThread() == listener) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running && Thread.currentThread() == listener) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        String[] parts = notification.getParameter().split(" ", 2);
                        if (parts.length == 2 && !parts[0].equals(replica.value())) {
                            onRemoteEvent.accept(parts[1]);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.debug("Fan-out listener lost its connection ({}); reconnecting", e.getClass().getSimpleName());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
