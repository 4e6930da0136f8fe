package dev.symbia.runtime.graph;

/**
 * Published after a newer catalog version replaced a loaded graph. Executions a person started on the old version
 * keep running on it (they are pinned); a {@code pipeline} or {@code service} graph's executions are the platform's
 * own, so {@code stopOld} ends them as the new version starts.
 */
public record GraphReplaced(String oldGraphId, String newGraphId, boolean stopOld) {
}
