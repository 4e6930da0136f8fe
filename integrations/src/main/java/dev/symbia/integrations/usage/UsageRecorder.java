package dev.symbia.integrations.usage;

import dev.symbia.relay.Relay;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the one usage row of each chat call, with its cost from the price table, and announces the
 * call on the network as {@code integrations.call.completed} (SPEC §5; contract {@code integrations → *}).
 */
@Component
public class UsageRecorder {

    static final String CALL_COMPLETED = "integrations.call.completed";

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    private final JdbcClient jdbc;
    private final PriceTable prices;
    private final ObjectProvider<Relay> relay;

    /** {@code relay} may be null or empty (relay disabled): then nothing is published. */
    public UsageRecorder(JdbcClient jdbc, PriceTable prices, ObjectProvider<Relay> relay) {
        this.jdbc = jdbc;
        this.prices = prices;
        this.relay = relay;
    }

    /** Records and publishes the call; failures of either are logged, never turned into a failed chat after the fact. */
    public void record(UsageRecord record) {
        Long cost = null;
        try {
            cost = prices.costMicros(record.provider(), record.model(), record.usage());
        } catch (RuntimeException e) {
            log.warn("Could not price request {} ({})", record.requestId(), e.getClass().getSimpleName());
        }
        insert(record, cost);
        publish(record, cost);
    }

    private void insert(UsageRecord record, Long cost) {
        try {
            jdbc.sql("""
                    INSERT INTO usage_records (id, org_id, user_id, request_id, surface, provider, model, served_model,
                        credential_origin, streamed, outcome, error_category, finish_reason, prompt_tokens,
                        completion_tokens, total_tokens, usage_estimated, cost_micros, attempts, ttft_ms, duration_ms,
                        started_at)
                    VALUES (:id, :org, :user, :request, :surface, :provider, :model, :served, :origin, :streamed,
                        :outcome, :category, :finish, :prompt, :completion, :total, :estimated, :cost, :attempts,
                        :ttft, :duration, :started)
                    """)
                    .param("id", UUID.randomUUID())
                    .param("org", record.orgId())
                    .param("user", record.userId())
                    .param("request", record.requestId())
                    .param("surface", record.surface())
                    .param("provider", record.provider())
                    .param("model", record.model())
                    .param("served", record.servedModel())
                    .param("origin", record.credentialOrigin())
                    .param("streamed", record.streamed())
                    .param("outcome", record.outcome().wireName())
                    .param("category", record.errorCategory())
                    .param("finish", record.finishReason())
                    .param("prompt", record.usage().promptTokens())
                    .param("completion", record.usage().completionTokens())
                    .param("total", record.usage().totalTokens())
                    .param("estimated", record.usageEstimated())
                    .param("cost", cost)
                    .param("attempts", record.attempts())
                    .param("ttft", record.ttftMillis() == null ? null : (int) Math.min(Integer.MAX_VALUE, record.ttftMillis()))
                    .param("duration", (int) Math.min(Integer.MAX_VALUE, record.durationMillis()))
                    .param("started", Timestamp.from(record.startedAt()))
                    .update();
        } catch (RuntimeException e) {
            log.error("Could not record usage for request {} ({})", record.requestId(), e.getClass().getSimpleName(), e);
        }
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
