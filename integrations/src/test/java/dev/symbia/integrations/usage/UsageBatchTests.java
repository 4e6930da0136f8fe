package dev.symbia.integrations.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.relay.Relay;
import dev.symbia.relay.testing.RecordingRelay;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Usage rows are written in batches off the request path (issue 26): recording returns before the row is
 * written, a full queue makes the caller write (nothing dropped), a clean stop writes everything queued, and
 * one row the database refuses does not cost the others theirs. Real PostgreSQL of the shared context.
 */
class UsageBatchTests extends GatewayTestSupport {

    @Autowired
    private PriceTable prices;

    @Autowired
    private DataSource dataSource;

    private final RecordingRelay relay = new RecordingRelay("integrations");

    private ObjectProvider<Relay> relay() {
        return new StaticListableBeanFactory(Map.of("relay", relay)).getBeanProvider(Relay.class);
    }

    private UsageRecord call(String requestId) {
        return new UsageRecord(orgId, "alice", requestId, "execute", "sambanova", SAMBA_MODEL, SAMBA_MODEL, "user",
                true, Outcome.SUCCESS, null, "stop", Usage.of(100, 50), false, 1, 120L, 900, Instant.now());
    }

    private long rows(String prefix) {
        return jdbc.sql("SELECT count(*) FROM usage_records WHERE request_id LIKE :p").param("p", prefix + "%")
                .query(Long.class).single();
    }

    @Test
    void everyCallIsWrittenAndPublishedByAStopAtTheLatest() {
        UsageRecorder recorder = new UsageRecorder(jdbc, prices, relay());
        recorder.start();
        String prefix = "batch-" + UUID.randomUUID() + "-";
        IntStream.range(0, 300).parallel().forEach(i -> recorder.record(call(prefix + i)));

        recorder.stop();

        assertThat(rows(prefix)).isEqualTo(300);
        assertThat(relay.published()).hasSize(300);
        assertThat(jdbc.sql("SELECT count(*) FROM usage_records WHERE request_id LIKE :p AND cost_micros = 120")
                .param("p", prefix + "%").query(Long.class).single()).as("each row priced").isEqualTo(300);
        assertThat(recorder.isRunning()).isFalse();
    }

    @Test
    void recordingDoesNotWaitForTheDatabaseUntilTheQueueIsFull() throws Exception {
        UsageRecorder recorder = new UsageRecorder(jdbc, prices, relay(), 2);
        recorder.start();
        String prefix = "locked-" + UUID.randomUUID() + "-";
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE usage_records IN EXCLUSIVE MODE"); // inserts wait, reads do not
            }
            recorder.record(call(prefix + 0)); // taken by the writer, whose INSERT now waits for the lock
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.queuedForTests() == 0);
            recorder.record(call(prefix + 1));
            recorder.record(call(prefix + 2)); // both queued: returned at once
            assertThat(rows(prefix)).isZero();

            CompletableFuture<Void> fourth = CompletableFuture.runAsync(() -> recorder.record(call(prefix + 3)));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !fourth.isDone());

            lock.rollback(); // releases the lock
            fourth.get(10, TimeUnit.SECONDS); // the full queue made the caller write its own row
        }
        recorder.stop();
        assertThat(rows(prefix)).isEqualTo(4);
    }

    @Test
    void aRowTheDatabaseRefusesDoesNotCostTheOthersTheirs() throws Exception {
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_usage() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.request_id LIKE 'refused-%' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                  RETURN NEW;
                END $$""").update();
        jdbc.sql("CREATE TRIGGER refuse_usage BEFORE INSERT ON usage_records FOR EACH ROW EXECUTE FUNCTION refuse_usage()")
                .update();
        try {
            UsageRecorder recorder = new UsageRecorder(jdbc, prices, relay());
            String prefix = "mixed-" + UUID.randomUUID() + "-";
            List<UsageRecord> calls = List.of(call(prefix + 1), call("refused-" + UUID.randomUUID()), call(prefix + 2));
            recorder.start();
            try (Connection lock = dataSource.getConnection()) { // hold the writer so the three share one batch
                lock.setAutoCommit(false);
                try (Statement statement = lock.createStatement()) {
                    statement.execute("LOCK TABLE usage_records IN EXCLUSIVE MODE");
                }
                recorder.record(call(prefix + 0));
                await().atMost(Duration.ofSeconds(5)).until(() -> recorder.queuedForTests() == 0);
                calls.forEach(recorder::record);
                lock.rollback();
            }
            recorder.stop();

            assertThat(rows(prefix)).isEqualTo(3);
            assertThat(rows("refused-")).isZero();
            assertThat(relay.published()).as("every call is announced, as before batching").hasSize(4);
        } finally {
            jdbc.sql("DROP TRIGGER refuse_usage ON usage_records").update();
        }
    }
}
