package dev.symbia.integrations.usage;

import java.sql.Timestamp;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Writes the one usage row of each chat call, with its cost from the price table. */
@Component
public class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    private final JdbcClient jdbc;
    private final PriceTable prices;

    public UsageRecorder(JdbcClient jdbc, PriceTable prices) {
        this.jdbc = jdbc;
        this.prices = prices;
    }

    /** Records the call; a database failure is logged, never turned into a failed chat after the fact. */
    public void record(UsageRecord record) {
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
                    .param("cost", prices.costMicros(record.provider(), record.model(), record.usage()))
                    .param("attempts", record.attempts())
                    .param("ttft", record.ttftMillis() == null ? null : (int) Math.min(Integer.MAX_VALUE, record.ttftMillis()))
                    .param("duration", (int) Math.min(Integer.MAX_VALUE, record.durationMillis()))
                    .param("started", Timestamp.from(record.startedAt()))
                    .update();
        } catch (RuntimeException e) {
            log.error("Could not record usage for request {} ({})", record.requestId(), e.getClass().getSimpleName(), e);
        }
    }
}
