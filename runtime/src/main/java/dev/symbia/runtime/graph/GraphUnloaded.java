package dev.symbia.runtime.graph;

/** Published after a graph is unloaded: its executions stop (the execution feature listens). */
public record GraphUnloaded(String graphId, String orgId) {
}
