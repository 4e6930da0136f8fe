package dev.symbia.logging.analysis;

import dev.symbia.logging.access.Reader;
import dev.symbia.logging.logs.LogEntry;
import dev.symbia.logging.logs.LogEntryStore;
import dev.symbia.logging.logs.LogQuery;
import dev.symbia.web.body.RequestBodies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Log analysis ({@code /api/assistant/*}): deterministic, local, over the logs the reader may see.
 * An LLM-written summary through the integrations service is not wired yet; {@code source} says
 * {@code local} so clients can tell.
 */
@RestController
@RequestMapping("/api/assistant")
class AnalysisController {

    static final int MAX_ENTRIES = 500;

    private final LogEntryStore search;
    private final RequestBodies bodies;

    AnalysisController(LogEntryStore search, RequestBodies bodies) {
        this.bodies = bodies;
        this.search = search;
    }

    @GetMapping("/config")
    Config config() {
        return new Config(false, List.of("summarize", "group"), "local");
    }

    record Config(boolean configured, List<String> capabilities, String source) {
    }

    record Groups(List<LogAnalyzer.Group> groups, int analysed) {
    }

    @PostMapping("/summarize")
    LogAnalyzer.Summary summarize(Reader reader, @RequestBody JsonNode body) {
        Selection selection = bodies.read(body, Selection.class);
        return LogAnalyzer.summarize(select(reader, selection));
    }

    @PostMapping("/group")
    Groups group(Reader reader, @RequestBody JsonNode body) {
        Selection selection = bodies.read(body, Selection.class);
        List<LogEntry> entries = select(reader, selection);
        return new Groups(LogAnalyzer.group(entries), entries.size());
    }

    private List<LogEntry> select(Reader reader, Selection s) {
        if (s.logIds() != null && !s.logIds().isEmpty()) {
            return search.byIds(reader, s.logIds());
        }
        int limit = s.limit() == null ? MAX_ENTRIES : s.limit();
        return search.search(reader, new LogQuery(s.streamIds(), s.services(), s.level(), s.minLevel(), s.startTime(),
                s.endTime(), s.search(), null, s.orgId(), limit, null)).data();
    }

    /** Which logs to analyse: explicit ids, or a query (newest {@code limit} entries, at most 500). */
    record Selection(
            @Size(max = MAX_ENTRIES) List<UUID> logIds,
            Instant startTime,
            Instant endTime,
            @Size(max = 100) List<UUID> streamIds,
            @Size(max = 100) List<String> services,
            String level,
            String minLevel,
            @Size(max = 500) String search,
            UUID orgId,
            @Min(1) @Max(MAX_ENTRIES) Integer limit) {
    }
}
