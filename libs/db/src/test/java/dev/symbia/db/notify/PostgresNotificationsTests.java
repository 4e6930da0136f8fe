package dev.symbia.db.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Against a real PostgreSQL: two instances play two replicas of a service sharing one database. */
class PostgresNotificationsTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final NotificationSettings FAST = new NotificationSettings(Duration.ofMillis(50),
            Duration.ofMillis(50), Duration.ofMillis(400));

    private TestDatabase database;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void database() {
        database = TestPostgres.freshDatabase();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(3);
        HikariDataSource pool = new HikariDataSource(config);
        resources.add(pool);
        return pool;
    }

    private PostgresNotifications replica(HikariDataSource pool) {
        PostgresNotifications notifications = new PostgresNotifications(pool, FAST);
        notifications.start();
        resources.add(notifications);
        return notifications;
    }

    private static String next(BlockingQueue<String> received) throws InterruptedException {
        String payload = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(payload).as("a notification within %s", WAIT).isNotNull();
        return payload;
    }

    @Test
    void twoInstancesOnOneDatabaseSeeEachOthersNotifications() throws Exception {
        PostgresNotifications a = replica(pool());
        PostgresNotifications b = replica(pool());
        BlockingQueue<String> atA = new LinkedBlockingQueue<>();
        BlockingQueue<String> atB = new LinkedBlockingQueue<>();
        assertThat(a.listen("orders", atA::add).awaitActive(WAIT)).isTrue();
        assertThat(b.listen("orders", atB::add).awaitActive(WAIT)).isTrue();
        BlockingQueue<String> otherChannel = new LinkedBlockingQueue<>();
        assertThat(b.listen("invoices", otherChannel::add).awaitActive(WAIT)).isTrue();

        a.notify("orders", "from a");
        b.notify("orders", "from b ✓");

        assertThat(List.of(next(atA), next(atA))).containsExactly("from a", "from b ✓");
        assertThat(List.of(next(atB), next(atB))).containsExactly("from a", "from b ✓");
        b.notify("invoices", "marker");
        assertThat(next(otherChannel)).as("only its own channel's notifications").isEqualTo("marker");
    }

    @Test
    void aListenerSurvivesItsConnectionBeingTerminated() throws Exception {
        HikariDataSource pool = pool();
        PostgresNotifications listening = replica(pool);
        PostgresNotifications sending = replica(pool());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        BlockingQueue<Instant> resumed = new LinkedBlockingQueue<>();
        assertThat(listening.listen("orders", received::add, resumed::add).awaitActive(WAIT)).isTrue();
        int pid = listening.listenerBackendPid();
        assertThat(pid).isPositive();
        Instant beforeKill = Instant.now();

        try (Connection admin = database.connect(); Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }

        await().atMost(WAIT).until(() -> listening.listenerBackendPid() > 0 && listening.listenerBackendPid() != pid);
        Instant lostAt = resumed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(lostAt).as("told that notifications may have been missed").isNotNull().isAfterOrEqualTo(beforeKill);
        sending.notify("orders", "after reconnect");
        assertThat(next(received)).isEqualTo("after reconnect");
        // The killed connection was evicted, so the pool hands out only live ones.
        for (int i = 0; i < 3; i++) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }
    }

    @Test
    void payloadsAreLimitedToWhatPostgresAccepts() throws Exception {
        PostgresNotifications notifications = replica(pool());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        assertThat(notifications.listen("big", received::add).awaitActive(WAIT)).isTrue();

        String largest = "x".repeat(PostgresNotifications.MAX_PAYLOAD_BYTES);
        assertThat(PostgresNotifications.fits(largest)).isTrue();
        notifications.notify("big", largest);
        assertThat(next(received)).hasSize(PostgresNotifications.MAX_PAYLOAD_BYTES);

        assertThatThrownBy(() -> notifications.notify("big", largest + "x"))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("8000 bytes");
        String multiByte = "é".repeat(4000); // 4000 characters, 8000 bytes
        assertThat(PostgresNotifications.fits(multiByte)).isFalse();
        assertThatThrownBy(() -> notifications.notify("big", multiByte))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.bytes()).isEqualTo(8000));
    }

    @Test
    void channelNamesMustBeLowerCaseIdentifiers() {
        PostgresNotifications notifications = new PostgresNotifications(pool(), FAST);
        for (String bad : new String[] {"Orders", "a-b", "x; DROP TABLE t", "", "1abc", "a".repeat(64), null}) {
            assertThatThrownBy(() -> notifications.notify(bad, "p")).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> notifications.listen(bad, p -> { })).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        PostgresNotifications.checkChannel("messaging_live");
        PostgresNotifications.checkChannel("_x" + "a".repeat(61));
    }

    @Test
    void insideATransactionANotificationIsSentOnCommitOnly() throws Exception {
        HikariDataSource pool = pool();
        PostgresNotifications notifications = replica(pool);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        assertThat(notifications.listen("orders", received::add).awaitActive(WAIT)).isTrue();
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));

        transactions.executeWithoutResult(status -> {
            notifications.notify("orders", "rolled back");
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> notifications.notify("orders", "committed"));

        assertThat(next(received)).isEqualTo("committed");
        assertThat(received).isEmpty();
    }

    @Test
    void severalPayloadsGoOutInOrderInOneTransactionAndATooLargeOneSendsNone() throws Exception {
        HikariDataSource pool = pool();
        PostgresNotifications notifications = replica(pool);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        assertThat(notifications.listen("orders", received::add).awaitActive(WAIT)).isTrue();
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add("event " + i + (i % 7 == 0 ? " ✓, {\"quoted\"}" : ""));
        }

        assertThatThrownBy(() -> notifications.notifyAll("orders", List.of("fine", "x".repeat(8000))))
                .isInstanceOf(PayloadTooLargeException.class);
        transactions.executeWithoutResult(status -> {
            notifications.notifyAll("orders", List.of("rolled back 1", "rolled back 2"));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> notifications.notifyAll("orders", batch));
        notifications.notifyAll("orders", List.of("single"));
        notifications.notifyAll("orders", List.of());

        List<String> got = new ArrayList<>();
        for (int i = 0; i < batch.size() + 1; i++) {
            got.add(next(received));
        }
        assertThat(got.subList(0, batch.size())).containsExactlyElementsOf(batch);
        assertThat(got.getLast()).isEqualTo("single");
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("nothing from the refused or rolled back batches").isNull();
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersAndClosedOnesGetNothing() throws Exception {
        PostgresNotifications notifications = replica(pool());
        BlockingQueue<String> kept = new LinkedBlockingQueue<>();
        BlockingQueue<String> dropped = new LinkedBlockingQueue<>();
        notifications.listen("orders", p -> {
            throw new IllegalStateException("listener bug");
        });
        Subscription closing = notifications.listen("orders", dropped::add);
        assertThat(notifications.listen("orders", kept::add).awaitActive(WAIT)).isTrue();
        assertThat(closing.awaitActive(WAIT)).isTrue();

        notifications.notify("orders", "one");
        assertThat(next(kept)).isEqualTo("one");
        assertThat(next(dropped)).isEqualTo("one");
        closing.close();
        notifications.notify("orders", "two");
        assertThat(next(kept)).isEqualTo("two");
        assertThat(dropped).isEmpty();
    }

    @Test
    void withNobodyListeningTheConnectionGoesBackToThePoolListeningToNothing() throws Exception {
        HikariDataSource pool = pool();
        PostgresNotifications notifications = replica(pool);
        assertThat(notifications.isListening()).as("no connection before any listener").isFalse();
        Subscription subscription = notifications.listen("orders", p -> { });
        assertThat(subscription.awaitActive(WAIT)).isTrue();
        assertThat(notifications.isListening()).isTrue();

        subscription.close();

        await().atMost(WAIT).until(() -> !notifications.isListening());
        // Every connection of the pool (3) at once: none of them still listens.
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                all.add(pool.getConnection());
            }
            for (Connection connection : all) {
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
        } finally {
            for (Connection connection : all) {
                connection.close();
            }
        }
    }

    @Test
    void stopReleasesTheListeningConnectionAndStartListensAgain() throws Exception {
        PostgresNotifications sending = replica(pool());
        PostgresNotifications notifications = replica(pool());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Subscription subscription = notifications.listen("orders", received::add);
        assertThat(subscription.awaitActive(WAIT)).isTrue();

        notifications.stop();
        assertThat(notifications.isRunning()).isFalse();
        assertThat(notifications.isListening()).isFalse();
        notifications.start();

        await().atMost(WAIT).until(notifications::isListening);
        sending.notify("orders", "after restart");
        assertThat(next(received)).isEqualTo("after restart");
    }

    @Test
    void stopEndsAReconnectBackoffAtOnce() throws Exception {
        // A database that refuses every connection, and a backoff far longer than stop() waits (about 1.2 s here).
        AtomicReference<Thread> listening = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        DataSource refusing = new DelegatingDataSource(pool()) {
            @Override
            public Connection getConnection() throws SQLException {
                listening.set(Thread.currentThread());
                attempts.incrementAndGet();
                throw new SQLException("connection refused", "08001");
            }
        };
        PostgresNotifications notifications = new PostgresNotifications(refusing,
                new NotificationSettings(Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(60)));
        resources.add(notifications);
        notifications.start();
        notifications.listen("orders", payload -> { });
        await().atMost(WAIT).until(() -> attempts.get() == 1);

        notifications.stop();

        assertThat(listening.get().isAlive()).as("the listening thread ends with stop(), not after its backoff").isFalse();
        assertThat(attempts).hasValue(1);
    }
}
