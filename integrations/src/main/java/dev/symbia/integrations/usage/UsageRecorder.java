package dev.symbia.integrations.usage;

import dev.symbia.db.batch.BatchWriter;
import dev.symbia.relay.Relay;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the one usage row of each chat call, with its cost from the price table, and announces the
 * call on the network as {@code integrations.call.completed} (SPEC §5; contract {@code integrations → *}).
 *
 * <p>Off the request path (issue 26): {@link #record} queues the call and returns; libs/db's {@link BatchWriter}
 * prices, inserts whatever has accumulated as one multi-row INSERT, then publishes each call. Bounded
 * ({@value #CAPACITY} calls; beyond that the caller's thread writes its own row, as before batching), written
 * to the end on a clean shutdown (stopped after the web server, so calls still answering are recorded), and
 * a crash loses at most the calls of the batch in flight. Reads that must see this replica's own calls — the
 * usage report, budgets — {@link #awaitWritten() wait} for what was queued before them.
 */
@Component
public class UsageRecorder implements SmartLifecycle {

    static final String CALL_COMPLETED = "integrations.call.completed";
    static final int CAPACITY = 10_000;
    static final int MAX_BATCH = 200; // × 22 parameters, well under PostgreSQL's 65,535
    private static final Duration READ_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    private static final String INSERT = """
            INSERT INTO usage_records (id, org_id, user_id, request_id, surface, provider, model, served_model,
                credential_origin, streamed, outcome, error_category, finish_reason, prompt_tokens,
                completion_tokens, total_tokens, usage_estimated, cost_micros, attempts, ttft_ms, duration_ms,
                started_at)
            VALUES """;
    private static final String[] COLUMNS = {"id", "org", "user", "request", "surface", "provider", "model",
        "served", "origin", "streamed", "outcome", "category", "finish", "prompt", "completion", "total",
        "estimated", "cost", "attempts", "ttft", "duration", "started"};

    private final JdbcClient jdbc;
    private final PriceTable prices;
    private final ObjectProvider<Relay> relay;
    private final BatchWriter<UsageRecord> batches;

    /** {@code relay} may be null or empty (relay disabled): then nothing is published. */
    @Autowired
    public UsageRecorder(JdbcClient jdbc, PriceTable prices, ObjectProvider<Relay> relay) {
        this(jdbc, prices, relay, CAPACITY);
    }

    UsageRecorder(JdbcClient jdbc, PriceTable prices, ObjectProvider<Relay> relay, int capacity) {
        this.jdbc = jdbc;
        this.prices = prices;
        this.relay = relay;
        this.batches = new BatchWriter<>("usage-writer", capacity, MAX_BATCH, this::write);
    }

    /** Records and publishes the call; failures of either are logged, never turned into a failed chat after the fact. */
    public void record(UsageRecord record) {
        batches.add(record);
    }

    /** Waits until every call recorded on this replica before now is in the table (at most 10 s). */
    public void awaitWritten() {
        if (!batches.awaitWritten(READ_WAIT)) {
            log.warn("Usage writes are behind; a read may miss the newest calls");
        }
    }

    int queuedForTests() {
        return batches.queued();
    }

    @Override
    public void start() {
        batches.start();
    }

    @Override
    public void stop() {
        batches.stop();
    }

    @Override
    public boolean isRunning() {
        return batches.running();
    }

    // After the web server's graceful stop (lower phases stop later): calls still answering are queued, then written.
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void write(List<UsageRecord> records) {
        List<Long> costs = new ArrayList<>(records.size());
        for (UsageRecord record : records) {
            costs.add(cost(record));
        }
        try {
            insert(records, costs);
        } catch (RuntimeException e) {
            if (records.size() > 1) { // one bad row must not cost the others theirs
                records.forEach(record -> write(List.of(record)));
                return;
            }
            // As before batching: the call is still announced, its row is reported here.
            log.error("Could not record usage for request {} ({})", records.getFirst().requestId(),
                    e.getClass().getSimpleName(), e);
        }
        for (int i = 0; i < records.size(); i++) {
            publish(records.get(i), costs.get(i));
        }
    }

    private Long cost(UsageRecord record) {
        try {
            return prices.costMicros(record.provider(), record.model(), record.usage());
        } catch (RuntimeException e) {
            log.warn("Could not price request {} ({})", record.requestId(), e.getClass().getSimpleName());
            return null;
        }
    }

    private void insert(List<UsageRecord> records, List<Long> costs) {
        StringBuilder sql = new StringBuilder(INSERT);
        for (int i = 0; i < records.size(); i++) {
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 0; c < COLUMNS.length; c++) {
                sql.append(c == 0 ? ":" : ", :").append(COLUMNS[c]).append('_').append(i);
            }
            sql.append(')');
        }
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString());
        for (int i = 0; i < records.size(); i++) {
            UsageRecord record = records.get(i);
            Object[] values = {UUID.randomUUID(), record.orgId(), record.userId(), record.requestId(), record.surface(),
                record.provider(), record.model(), record.servedModel(), record.credentialOrigin(), record.streamed(),
                record.outcome().wireName(), record.errorCategory(), record.finishReason(),
                record.usage().promptTokens(), record.usage().completionTokens(), record.usage().totalTokens(),
                record.usageEstimated(), costs.get(i), record.attempts(),
                record.ttftMillis() == null ? null : (int) Math.min(Integer.MAX_VALUE, record.ttftMillis()),
                (int) Math.min(Integer.MAX_VALUE, record.durationMillis()), Timestamp.from(record.startedAt())};
            for (int c = 0; c < COLUMNS.length; c++) {
                statement = statement.param(COLUMNS[c] + "_" + i, values[c]);
            }
        }
        statement.update();
    }

    /**
     * Fire-and-forget: the relay only buffers (it never waits for the network), and anything thrown is
     * logged and dropped. Accounting facts only: no prompt or completion content, no credential (its
     * origin — user, org, env — is not a secret).
     */
    private void publish(UsageRecord record, Long cost) {
        Relay target = relay == null ? null : relay.getIfAvailable();
        if (target == null) {
            return;
        }
        try {
            target.publish(CALL_COMPLETED, event(record, cost));
        } catch (RuntimeException e) {
            log.warn("Could not publish {} for request {} ({})", CALL_COMPLETED, record.requestId(),
                    e.getClass().getSimpleName());
        }
    }

    static Map<String, Object> event(UsageRecord record, Long cost) {
        Map<String, Object> data = new LinkedHashMap<>();
        put(data, "requestId", record.requestId());
        put(data, "orgId", record.orgId());
        put(data, "userId", record.userId());
        put(data, "surface", record.surface());
        put(data, "provider", record.provider());
        put(data, "model", record.model());
        put(data, "servedModel", record.servedModel());
        put(data, "credentialOrigin", record.credentialOrigin());
        data.put("streamed", record.streamed());
        data.put("outcome", record.outcome().wireName());
        put(data, "errorCategory", record.errorCategory());
        put(data, "finishReason", record.finishReason());
        data.put("promptTokens", record.usage().promptTokens());
        data.put("completionTokens", record.usage().completionTokens());
        data.put("totalTokens", record.usage().totalTokens());
        data.put("usageEstimated", record.usageEstimated());
        put(data, "costMicros", cost);
        data.put("attempts", record.attempts());
        put(data, "ttftMs", record.ttftMillis());
        data.put("durationMs", record.durationMillis());
        data.put("startedAt", record.startedAt().toString());
        return data;
    }

    private static void put(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
