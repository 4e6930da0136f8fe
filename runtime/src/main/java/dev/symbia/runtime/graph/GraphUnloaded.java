package dev.symbia.runtime.graph;

/**
 * Published after a graph is unloaded: its executions stop (the execution feature listens). {@code leftCatalog}: the
 * catalog no longer has it, so its operator state under {@code key} goes too.
 */
public record GraphUnloaded(String graphId, String orgId, String key, boolean leftCatalog) {
}
