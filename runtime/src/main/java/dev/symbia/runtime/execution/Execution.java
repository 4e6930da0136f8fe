package dev.symbia.runtime.execution;

import dev.symbia.runtime.graph.LoadedGraph;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;

/**
 * One running instance of a graph. Every flow through it runs under {@link #lock} (fair), so concurrent injects are
 * ordered per execution, never interleaved; the paused queue is drained under the same lock on resume.
 */
final class Execution {

    /** An inject held while paused; {@code seq} is its row in {@code execution_queue}. */
    record Pending(long seq, String nodeId, String port, JsonNode value) {
    }

    final String id;
    final LoadedGraph graph;
    final ReentrantLock lock = new ReentrantLock(true);
    final Metrics metrics = new Metrics();
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    final AtomicLong sequence = new AtomicLong();
    final List<ScheduledFuture<?>> timers = new ArrayList<>();
    final Instant createdAt;
    volatile ExecutionState state;
    volatile Instant startedAt;
    volatile Instant completedAt;
    volatile boolean dirty;
    /** The lease this replica holds: its fence, and until when (System.nanoTime) it may act without renewing. */
    volatile long fence = 1;
    volatile long leaseDeadline;
    /** When (System.nanoTime) this replica took the lease: a renewal that began before may not have seen it. */
    volatile long leasedAt = System.nanoTime();

    Execution(String id, LoadedGraph graph, ExecutionState state, Instant createdAt, Instant startedAt) {
        this.id = id;
        this.graph = graph;
        this.state = state;
        this.createdAt = createdAt;
        this.startedAt = startedAt;
    }

    boolean leaseValid() {
        return System.nanoTime() - leaseDeadline < 0;
    }

    String orgId() {
        return graph.orgId();
    }
}
