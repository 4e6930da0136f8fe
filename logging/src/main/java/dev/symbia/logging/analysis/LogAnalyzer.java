package dev.symbia.logging.analysis;

import dev.symbia.logging.logs.Level;
import dev.symbia.logging.logs.LogEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Deterministic local analysis of a set of log entries: counts by level and service, repeated
 * patterns, and a few plain-language insights. Same input, same output; no model involved.
 */
final class LogAnalyzer {

    static final int MAX_GROUPS = 20;
    static final int MAX_INSIGHTS = 5;

    private LogAnalyzer() {
    }

    static List<Group> group(List<LogEntry> entries) {
        Map<String, GroupBuilder> byPattern = new LinkedHashMap<>();
        for (LogEntry e : entries) {
            byPattern.computeIfAbsent(LogPatterns.normalize(e.message()), GroupBuilder::new).add(e);
        }
        return byPattern.values().stream()
                .filter(g -> g.ids.size() > 1)
                .sorted(Comparator.comparingInt((GroupBuilder g) -> -g.ids.size()).thenComparing(g -> g.pattern))
                .limit(MAX_GROUPS)
                .map(GroupBuilder::build)
                .toList();
    }

    static Summary summarize(List<LogEntry> entries) {
        Map<String, Long> byLevel = new LinkedHashMap<>();
        for (Level level : Level.values()) {
            byLevel.put(level.wire(), 0L);
        }
        Map<String, Long> byService = new TreeMap<>();
        Map<String, Long> errorsByService = new TreeMap<>();
        Instant first = null;
        Instant last = null;
        for (LogEntry e : entries) {
            byLevel.merge(e.level(), 1L, Long::sum);
            byService.merge(e.service(), 1L, Long::sum);
            if (isError(e)) {
                errorsByService.merge(e.service(), 1L, Long::sum);
            }
            first = first == null || e.timestamp().isBefore(first) ? e.timestamp() : first;
            last = last == null || e.timestamp().isAfter(last) ? e.timestamp() : last;
        }
        long errors = byLevel.get("error") + byLevel.get("fatal");
        long warnings = byLevel.get("warn");
        List<Group> errorPatterns = group(entries.stream().filter(LogAnalyzer::isError).toList());
        List<Group> patterns = group(entries);

        List<Insight> insights = new ArrayList<>();
        if (errors > 0) {
            boolean critical = byLevel.get("fatal") > 0 || errors * 4 >= entries.size();
            insights.add(new Insight("errors", errors + " error" + (errors == 1 ? "" : "s") + " in "
                    + errorsByService.size() + " service" + (errorsByService.size() == 1 ? "" : "s") + ", most in "
                    + top(errorsByService) + ".", critical ? "critical" : "warning", "error",
                    errorPatterns.isEmpty() ? null : searchHint(errorPatterns.get(0).pattern()),
                    List.copyOf(errorsByService.keySet()), errors));
        }
        for (Group g : errorPatterns.stream().limit(2).toList()) {
            insights.add(new Insight("pattern-" + g.id(), "An error repeats " + g.count() + " times: \"" + g.pattern() + "\".",
                    "warning", "pattern", searchHint(g.pattern()), g.services(), (long) g.count()));
        }
        if (warnings > 0) {
            insights.add(new Insight("warnings", warnings + " warning" + (warnings == 1 ? "" : "s") + ".",
                    "info", "health", null, null, warnings));
        }
        if (errors == 0 && warnings == 0) {
            insights.add(new Insight("healthy", entries.isEmpty() ? "No log entries in the selection."
                    : "No errors or warnings in " + entries.size() + " entries.", "info", "health", null, null, null));
        }
        if (!byService.isEmpty() && entries.size() >= 10) {
            String busiest = top(byService);
            long share = Math.round(100.0 * byService.get(busiest) / entries.size());
            if (share >= 50 && byService.size() > 1) {
                insights.add(new Insight("busiest", busiest + " wrote " + share + "% of the entries.", "info", "anomaly",
                        null, List.of(busiest), byService.get(busiest)));
            }
        }

        StringBuilder text = new StringBuilder();
        text.append(entries.size()).append(" log entr").append(entries.size() == 1 ? "y" : "ies");
        if (!byService.isEmpty()) {
            text.append(" from ").append(byService.size()).append(" service").append(byService.size() == 1 ? "" : "s");
        }
        if (first != null) {
            text.append(" between ").append(first).append(" and ").append(last);
        }
        text.append(": ").append(errors).append(" error").append(errors == 1 ? "" : "s").append(", ")
                .append(warnings).append(" warning").append(warnings == 1 ? "" : "s").append('.');
        if (!errorPatterns.isEmpty()) {
            text.append(" Most frequent error: \"").append(errorPatterns.get(0).pattern()).append("\" (")
                    .append(errorPatterns.get(0).count()).append(").");
        }
        return new Summary(text.toString(), insights.stream().limit(MAX_INSIGHTS).toList(), errors, warnings,
                entries.size(), byLevel, byService, patterns.stream().limit(10).toList(), "local");
    }

    private static boolean isError(LogEntry e) {
        return "error".equals(e.level()) || "fatal".equals(e.level());
    }

    private static String top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse("");
    }

    /** The longest literal run of a pattern: something the log search can find. */
    private static String searchHint(String pattern) {
        return java.util.Arrays.stream(pattern.split("\\[(?:ID|IP|N|TIMESTAMP)]"))
                .map(String::trim).max(Comparator.comparingInt(String::length)).orElse(pattern);
    }

    static String id(String pattern) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pattern.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class GroupBuilder {
        final String pattern;
        final List<UUID> ids = new ArrayList<>();
        final TreeSet<String> services = new TreeSet<>();
        final Map<String, Long> levels = new TreeMap<>();

        GroupBuilder(String pattern) {
            this.pattern = pattern;
        }

        void add(LogEntry e) {
            ids.add(e.id());
            services.add(e.service());
            levels.merge(e.level(), 1L, Long::sum);
        }

        Group build() {
            String name = pattern.length() > 60 ? pattern.substring(0, 57) + "..." : pattern;
            return new Group(id(pattern), name.isEmpty() ? "(empty)" : name, pattern, ids.size(), List.copyOf(ids),
                    List.copyOf(services), java.util.Collections.unmodifiableMap(new TreeMap<>(levels)));
        }
    }

    record Group(String id, String name, String pattern, int count, List<UUID> logIds, List<String> services,
            Map<String, Long> levels) {
    }

    record Insight(String id, String text, String severity, String category, String searchHint, List<String> services,
            Long count) {
    }

    record Summary(String summary, List<Insight> insights, long errorCount, long warnCount, int total,
            Map<String, Long> byLevel, Map<String, Long> byService, List<Group> patterns, String source) {
    }

}
