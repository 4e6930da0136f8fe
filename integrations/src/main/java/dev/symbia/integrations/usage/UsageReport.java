package dev.symbia.integrations.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Aggregated usage of one org over {@code [from, to)}.
 *
 * @param userId when set, only this user's calls are counted (callers who may not see the whole org)
 * @param rows   one per group key, largest token use first
 * @param totals the whole period
 */
record UsageReport(String orgId, String userId, Instant from, Instant to, String groupBy, List<Row> rows, Row totals) {

    /**
     * @param costUsd          summed cost of the priced calls, null when none was priced
     * @param unpricedRequests calls for which no price was configured (not in {@code costUsd})
     */
    record Row(String key, long requests, long errors, long cancelled, long promptTokens, long completionTokens,
            long totalTokens, BigDecimal costUsd, long unpricedRequests) {
    }
}
