package dev.symbia.runtime.execution;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An execution's counters (mutated under the execution's lock) and their wire snapshot. */
final class Metrics {

    long messagesProcessed;
    long messagesEmitted;
    long nodeInvocations;
    long componentInvocations;
    double totalLatencyMs;
    double maxLatencyMs;
    long errorCount;
    long backpressureEvents;
    Instant lastActivityTime;
    final Map<String, NodeMetrics> nodes = new java.util.concurrent.ConcurrentHashMap<>(); // read by GETs outside the lock

    static final class NodeMetrics {
        long invocations;
        double totalLatencyMs;
        long errorCount;
    }

    record Snapshot(long messagesProcessed, long messagesEmitted, long nodeInvocations, long componentInvocations,
                    double totalLatencyMs, double maxLatencyMs, double avgLatencyMs, long errorCount,
                    long backpressureEvents, int queued, Instant lastActivityTime) {
    }

    record NodeSnapshot(long invocations, double totalLatencyMs, double avgLatencyMs, long errorCount) {
    }

    Snapshot snapshot(int queued) {
        return new Snapshot(messagesProcessed, messagesEmitted, nodeInvocations, componentInvocations, round(totalLatencyMs),
                round(maxLatencyMs), nodeInvocations == 0 ? 0 : round(totalLatencyMs / nodeInvocations), errorCount,
                backpressureEvents, queued, lastActivityTime);
    }

    NodeSnapshot node(String nodeId) {
        NodeMetrics n = nodes.get(nodeId);
        if (n == null) {
            return new NodeSnapshot(0, 0, 0, 0);
        }
        return new NodeSnapshot(n.invocations, round(n.totalLatencyMs), n.invocations == 0 ? 0 : round(n.totalLatencyMs / n.invocations),
                n.errorCount);
    }

    void restore(Snapshot s) {
        messagesProcessed = s.messagesProcessed();
        messagesEmitted = s.messagesEmitted();
        nodeInvocations = s.nodeInvocations();
        componentInvocations = s.componentInvocations();
        totalLatencyMs = s.totalLatencyMs();
        maxLatencyMs = s.maxLatencyMs();
        errorCount = s.errorCount();
        backpressureEvents = s.backpressureEvents();
        lastActivityTime = s.lastActivityTime();
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
