package dev.symbia.db.notify;

import dev.symbia.core.Reconnects;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.util.ClassUtils;

/**
 * PostgreSQL LISTEN/NOTIFY for cross-replica fan-out (SPEC §10): any replica {@link #notify notifies} a
 * channel, every replica listening on it gets the payload.
 *
 * <p>One dedicated connection per instance does all the listening, taken from the pool only while at
 * least one {@link #listen listener} exists. When it is lost (database restart, failover,
 * {@code pg_terminate_backend}) it is reopened with the platform's backoff (libs/core {@link Reconnects}) and every channel listened to
 * again; notifications sent meanwhile are lost, which listeners learn through their {@code onResumed}
 * callback so they can catch up from a table. Listeners run on the listening thread: they must be quick
 * and hand real work to their own executor.
 *
 * <p>LISTEN needs a session: it does not work through a transaction pooler (Supabase port 6543), only
 * with a direct or session-pooled connection.
 */
public final class PostgresNotifications implements SmartLifecycle, AutoCloseable {

    /** PostgreSQL's limit: a payload must be shorter than 8000 bytes (default build). */
    public static final int MAX_PAYLOAD_BYTES = 7999;

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
    // Lower case only: an unquoted LISTEN folds to lower case while pg_notify's argument does not.
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final boolean HIKARI = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
            PostgresNotifications.class.getClassLoader());

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final NotificationSettings settings;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeup = new Semaphore(0);
    private final Object lifecycle = new Object();
    private volatile boolean running;
    // The current listening thread; one still winding down after a stop/start sees it is not current and exits.
    private volatile Thread thread;
    private volatile int backendPid = -1;
    private boolean warnedAboutPooler; // listening thread only

    public PostgresNotifications(DataSource dataSource) {
        this(dataSource, NotificationSettings.defaults());
    }

    public PostgresNotifications(DataSource dataSource, NotificationSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Sends a notification to every listener of the channel, on every replica (this one included).
     * Inside a Spring transaction on the same DataSource it joins it: PostgreSQL delivers it on commit
     * and drops it on rollback.
     *
     * @throws IllegalArgumentException  for a channel that is not a lower-case identifier
     * @throws PayloadTooLargeException  for a payload of {@value #MAX_PAYLOAD_BYTES} bytes or more in UTF-8
     */
    public void notify(String channel, String payload) {
        checkChannel(channel);
        checkPayload(channel, payload);
        jdbc.query("SELECT pg_notify(?, ?)", (RowCallbackHandler) row -> { }, channel, payload);
    }

    /**
     * As {@link #notify} for several payloads, in one round trip and in their order (a batch of events
     * written in one transaction is announced with it). Every payload is checked before any is sent.
     */
    public void notifyAll(String channel, List<String> payloads) {
        checkChannel(channel);
        Objects.requireNonNull(payloads, "payloads");
        if (payloads.isEmpty()) {
            return;
        }
        payloads.forEach(payload -> checkPayload(channel, payload));
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT pg_notify(?, p) FROM unnest(?::text[]) WITH ORDINALITY AS n(p, i) ORDER BY i");
            statement.setString(1, channel);
            statement.setArray(2, connection.createArrayOf("text", payloads.toArray()));
            return statement;
        }, (RowCallbackHandler) row -> { });
    }

    private static void checkPayload(String channel, String payload) {
        Objects.requireNonNull(payload, "payload");
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new PayloadTooLargeException(channel, bytes);
        }
    }

    /** Whether a payload is small enough for {@link #notify}. */
    public static boolean fits(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES;
    }

    /** Listens on a channel; see {@link #listen(String, Consumer, Consumer)}. */
    public Subscription listen(String channel, Consumer<String> onNotification) {
        return listen(channel, onNotification, lostAt -> { });
    }

    /**
     * Listens on a channel until the returned subscription is closed. Takes effect within the poll
     * interval once running ({@link Subscription#awaitActive} waits for it).
     *
     * @param onNotification gets each payload, on the listening thread
     * @param onResumed      called after the listening connection was lost and is listening again, with
     *                       when it was lost: notifications sent since then may have been missed
     */
    public Subscription listen(String channel, Consumer<String> onNotification, Consumer<Instant> onResumed) {
        checkChannel(channel);
        Listener listener = new Listener(channel, Objects.requireNonNull(onNotification, "onNotification"),
                Objects.requireNonNull(onResumed, "onResumed"));
        listeners.add(listener);
        wakeup.release();
        return listener;
    }

    /** Whether the listening connection is open (false while reconnecting or idle without listeners). */
    public boolean isListening() {
        return backendPid > 0;
    }

    /** The listening connection's server process id, -1 when there is none (for tests and diagnostics). */
    int listenerBackendPid() {
        return backendPid;
    }

    static void checkChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Channel names are lower-case identifiers ([a-z_][a-z0-9_]*, at most 63 "
                    + "characters): " + channel);
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            Thread listening = Thread.ofPlatform().daemon().name("symbia-notify").unstarted(this::run);
            thread = listening; // assigned before it runs, so it recognises itself as current
            listening.start();
        }
    }

    /** Stops listening and gives the connection back to the pool (waits up to a few poll intervals). */
    @Override
    public void stop() {
        Thread current;
        synchronized (lifecycle) {
            running = false;
            current = thread;
            thread = null;
        }
        wakeup.release();
        if (current != null && current != Thread.currentThread()) {
            try {
                current.join(settings.pollInterval().multipliedBy(4).plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean current() {
        return running && Thread.currentThread() == thread;
    }

    private void run() {
        Reconnects reconnects = Reconnects.of("postgres-notifications", settings.minBackoff(), settings.maxBackoff());
        Instant lostAt = null;
        while (current()) {
            if (activeListeners().isEmpty()) {
                idle();
                continue;
            }
            Connection connection = null;
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                PGConnection pg = connection.unwrap(PGConnection.class);
                warnIfTransactionPooler(connection);
                backendPid = pg.getBackendPID(); // before any listener is told it is active
                Set<String> listening = new HashSet<>();
                synchronize(connection, listening);
                reconnects.connected();
                if (lostAt != null) {
                    resumed(lostAt);
                    lostAt = null;
                }
                while (current() && !listening.isEmpty()) {
                    PGNotification[] notifications = pg.getNotifications((int) Math.max(1, settings.pollInterval().toMillis()));
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                    synchronize(connection, listening);
                }
                backendPid = -1;
                unlistenAll(connection);
                connection.close();
            } catch (SQLException | RuntimeException e) {
                backendPid = -1;
                discard(connection);
                if (!current()) {
                    return;
                }
                if (lostAt == null) {
                    lostAt = Instant.now();
                }
                Duration wait = reconnects.failed(e);
                log.warn("LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), wait.toMillis());
                if (!pause(wait)) {
                    return;
                }
            }
        }
    }

    /** Nobody listens: hold no connection, wait for a listener or a stop. */
    private void idle() {
        try {
            wakeup.tryAcquire(settings.pollInterval().toMillis() * 4, TimeUnit.MILLISECONDS);
            wakeup.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** LISTEN to what is wanted and UNLISTEN what is not any more; marks the listeners active. */
    private void synchronize(Connection connection, Set<String> listening) throws SQLException {
        Set<Listener> active = activeListeners();
        Set<String> wanted = active.stream().map(l -> l.channel).collect(Collectors.toSet());
        try (Statement statement = connection.createStatement()) {
            for (String channel : wanted) {
                if (!listening.contains(channel)) {
                    statement.execute("LISTEN \"" + channel + "\"");
                    listening.add(channel);
                }
            }
            for (String channel : Set.copyOf(listening)) {
                if (!wanted.contains(channel)) {
                    statement.execute("UNLISTEN \"" + channel + "\"");
                    listening.remove(channel);
                }
            }
        }
        for (Listener listener : active) {
            if (listening.contains(listener.channel)) {
                listener.activated();
            }
        }
    }

    private void unlistenAll(Connection connection) {
        // The connection goes back to the pool: it must not keep listening there.
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        } catch (SQLException e) {
            log.debug("UNLISTEN failed: {}", e.getMessage());
        }
    }

    private Set<Listener> activeListeners() {
        return listeners.stream().filter(l -> !l.closed).collect(Collectors.toSet());
    }

    private void dispatch(String channel, String payload) {
        for (Listener listener : listeners) {
            if (!listener.closed && listener.channel.equals(channel)) {
                try {
                    listener.onNotification.accept(payload);
                } catch (RuntimeException e) {
                    log.warn("Listener on channel {} failed", channel, e);
                }
            }
        }
    }

    private void resumed(Instant lostAt) {
        log.info("LISTEN connection restored; notifications since {} may have been missed", lostAt);
        for (Listener listener : listeners) {
            if (!listener.closed && listener.everActive) {
                try {
                    listener.onResumed.accept(lostAt);
                } catch (RuntimeException e) {
                    log.warn("Resume callback on channel {} failed", listener.channel, e);
                }
            }
        }
    }

    /** A broken listening connection must not go back into the pool for someone else to trip over. */
    private void discard(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            if (HIKARI && dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).evictConnection(connection);
                return;
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not evict the listening connection: {}", e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not close the listening connection: {}", e.getMessage());
        }
    }

    private void warnIfTransactionPooler(Connection connection) throws SQLException {
        String url = connection.getMetaData().getURL();
        if (!warnedAboutPooler && url != null && url.contains(":6543/")) {
            warnedAboutPooler = true;
            log.warn("LISTEN through a transaction pooler (port 6543) receives nothing: use the direct or session "
                    + "pooler URL for cross-replica notifications");
        }
    }

    /** Waits out a backoff; a stop ends the wait at once (a new listener too, which only retries sooner). */
    private boolean pause(Duration duration) {
        try {
            wakeup.drainPermits();
            if (!current()) {
                return false; // stopped before the drain: its permit may be gone
            }
            wakeup.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
            return current();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final class Listener implements Subscription {
        final String channel;
        final Consumer<String> onNotification;
        final Consumer<Instant> onResumed;
        final CountDownLatch active = new CountDownLatch(1);
        volatile boolean closed;
        volatile boolean everActive;

        Listener(String channel, Consumer<String> onNotification, Consumer<Instant> onResumed) {
            this.channel = channel;
            this.onNotification = onNotification;
            this.onResumed = onResumed;
        }

        void activated() {
            everActive = true;
            active.countDown();
        }

        @Override
        public String channel() {
            return channel;
        }

        @Override
        public boolean awaitActive(Duration timeout) throws InterruptedException {
            return active.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            closed = true;
            listeners.remove(this);
        }
    }
}
