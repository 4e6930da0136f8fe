package dev.symbia.network.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.network.NetworkTestSupport;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history writer's batching (issue 26): events queued within the linger go to PostgreSQL together, a
 * reader on this replica does not wait for the linger, and stopping writes what is queued. Each test runs its
 * own writer (with a long linger, so what is asserted does not depend on the machine's speed) on the context's
 * database.
 */
class HistoryWriterTests extends NetworkTestSupport {

    private static final Duration LONG_LINGER = Duration.ofSeconds(30);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

    private HistoryWriter writer(Duration linger) {
        HistoryWriter writer = new HistoryWriter(jdbc, transactions, json, new SimpleMeterRegistry(), linger);
        writer.onStored(batches::add);
        writer.start();
        return writer;
    }

    private Envelope append(HistoryWriter writer, String run) {
        Instant now = Instant.now();
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), "history.test", "history-src", null, run, null,
                Boundary.INTRA, EnvelopeCodec.timestamp(now), codec.toData(Map.of("n", 1)), null);
        writer.append(envelope, codec.write(envelope), now, new Trace(envelope.id(), run, TraceStatus.DELIVERED, null,
                List.of(new Hop("somewhere", now, 0, "deliver", null, "websocket", 1, null, null)), 0, now));
        return envelope;
    }

    private long stored(String run) {
        return jdbc.queryForObject("SELECT count(*) FROM events e JOIN traces t ON t.event_id = e.id WHERE e.run_id = ?",
                Long.class, run);
    }

    @Test
    void eventsQueuedWithinTheLingerAreWrittenInOneBatch() {
        HistoryWriter writer = writer(Duration.ofSeconds(2));
        try {
            String run = unique("run");
            for (int i = 0; i < 50; i++) {
                append(writer, run);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(run) == 50);
            assertThat(batches).hasSize(1);
            assertThat(batches.getFirst()).hasSize(50);
        } finally {
            writer.stop();
        }
    }

    @Test
    void aReaderOnThisReplicaDoesNotWaitForTheLinger() throws Exception {
        HistoryWriter writer = writer(LONG_LINGER);
        try {
            String run = unique("run");
            append(writer, run);
            // Far less than the linger: the read cut it short, and what it waited for is stored.
            CompletableFuture.runAsync(writer::awaitWritten).get(10, TimeUnit.SECONDS);
            assertThat(stored(run)).isEqualTo(1);
        } finally {
            writer.stop();
        }
    }

    @Test
    void stoppingWritesWhatIsQueuedEvenMidLinger() throws Exception {
        HistoryWriter writer = writer(LONG_LINGER);
        String run = unique("run");
        for (int i = 0; i < 3; i++) {
            append(writer, run);
        }
        CompletableFuture.runAsync(writer::stop).get(10, TimeUnit.SECONDS);
        assertThat(stored(run)).isEqualTo(3);
    }
}
