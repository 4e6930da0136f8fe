package dev.symbia.integrations.usage;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the usage table ({@code usage_records}): reports and budgets, always within one org. */
@Component
class UsageStore {

    private static final String AGGREGATES = """
            count(*) AS requests,
            count(*) FILTER (WHERE outcome = 'error') AS errors,
            count(*) FILTER (WHERE outcome = 'cancelled') AS cancelled,
            coalesce(sum(prompt_tokens), 0) AS prompt_tokens,
            coalesce(sum(completion_tokens), 0) AS completion_tokens,
            coalesce(sum(total_tokens), 0) AS total_tokens,
            sum(cost_micros) AS cost_micros,
            count(*) FILTER (WHERE cost_micros IS NULL) AS unpriced
            """;

    private final JdbcClient jdbc;
    private final UsageRecorder recorder;

    UsageStore(JdbcClient jdbc, UsageRecorder recorder) {
        this.jdbc = jdbc;
        this.recorder = recorder;
    }

    /** The org's usage, or only {@code userId}'s calls in it when a user id is given. */
    UsageReport report(String orgId, String userId, Instant from, Instant to, GroupBy groupBy) {
        recorder.awaitWritten(); // the calls this replica answered a moment ago are in the report
        String where = " FROM usage_records WHERE org_id = :org AND started_at >= :from AND started_at < :to"
                + (userId == null ? "" : " AND user_id = :user");
        // The group expression comes from the enum, never from the request.
        List<UsageReport.Row> rows = params(jdbc.sql("SELECT " + groupBy.expression() + " AS key, " + AGGREGATES
                        + where + " GROUP BY 1 ORDER BY total_tokens DESC, key"), orgId, userId, from, to)
                .query((rs, n) -> row(rs.getString("key"), rs))
                .list();
        UsageReport.Row totals = params(jdbc.sql("SELECT " + AGGREGATES + where), orgId, userId, from, to)
                .query((rs, n) -> row(null, rs))
                .single();
        return new UsageReport(orgId, userId, from, to, groupBy.wireName(), rows, totals);
    }

    /** Tokens the org (or only {@code userId} in it, when given) used over the last 24 hours. */
    long tokensLastDay(String orgId, String userId) {
        return jdbc.sql("""
                SELECT coalesce(sum(total_tokens), 0) FROM usage_records
                WHERE org_id = :org AND (CAST(:user AS text) IS NULL OR user_id = :user)
                  AND started_at > now() - interval '24 hours'
                """)
                .param("org", orgId)
                .param("user", userId)
                .query(Long.class)
                .single();
    }

    private static JdbcClient.StatementSpec params(JdbcClient.StatementSpec statement, String orgId, String userId,
            Instant from, Instant to) {
        statement = statement.param("org", orgId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to));
        return userId == null ? statement : statement.param("user", userId);
    }

    private static UsageReport.Row row(String key, ResultSet rs) throws SQLException {
        long costMicros = rs.getLong("cost_micros");
        BigDecimal cost = rs.wasNull() ? null : BigDecimal.valueOf(costMicros, 6);
        return new UsageReport.Row(key, rs.getLong("requests"), rs.getLong("errors"), rs.getLong("cancelled"),
                rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"), rs.getLong("total_tokens"), cost,
                rs.getLong("unpriced"));
    }
}
