package dev.symbia.logging.logs;

import java.util.List;

/** Published once entries are committed: what the live tail fans out. */
public record LogsIngested(List<LogEntry> entries) {
}
