package dev.symbia.logging.logs;

import dev.symbia.web.problem.ProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A log search ({@code POST /api/logs/query}, or the same as {@code GET /api/logs} parameters).
 * Times: {@code startTime} inclusive, {@code endTime} exclusive. {@code level} is exact,
 * {@code minLevel} "at least". {@code search} matches words (prefixes) of the message.
 */
public record LogQuery(
        @Size(max = 100) List<UUID> streamIds,
        @Size(max = 100) List<@Size(max = 200) String> services,
        String level,
        String minLevel,
        Instant startTime,
        Instant endTime,
        @Size(max = 500) String search,
        @Size(max = 64) String traceId,
        UUID orgId,
        @Min(1) @Max(1000) Integer limit,
        @Size(max = 400) String cursor) {

    static final int DEFAULT_LIMIT = 100;

    public static LogQuery between(Instant start, Instant end, int limit) {
        return new LogQuery(null, null, null, null, start, end, null, null, null, limit, null);
    }

    int limitOrDefault() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    Level parsedLevel(String value) {
        return Level.parse(value).orElseThrow(() -> ProblemException.badRequest("Unknown level '" + value + "'."));
    }

    void check() {
        if (startTime != null && endTime != null && !startTime.isBefore(endTime)) {
            throw ProblemException.badRequest("startTime must be before endTime.");
        }
    }
}
