package dev.symbia.logging.tail;

import dev.symbia.logging.logs.LogEntry;
import dev.symbia.logging.logs.Level;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** What one subscriber wants: its readable orgs (always), and optionally services, streams, a minimum level and text. */
record TailFilter(Set<UUID> orgs, Set<String> services, Set<UUID> streams, Level minLevel, String text) {

    TailFilter {
        text = text == null || text.isBlank() ? null : text.toLowerCase(Locale.ROOT);
    }

    boolean matches(LogEntry entry) {
        if (!orgs.contains(entry.orgId())) {
            return false;
        }
        if (!services.isEmpty() && !services.contains(entry.service())) {
            return false;
        }
        if (!streams.isEmpty() && !streams.contains(entry.streamId())) {
            return false;
        }
        if (minLevel != null && Level.valueOf(entry.level().toUpperCase(Locale.ROOT)).severity() < minLevel.severity()) {
            return false;
        }
        return text == null || entry.message().toLowerCase(Locale.ROOT).contains(text);
    }
}
