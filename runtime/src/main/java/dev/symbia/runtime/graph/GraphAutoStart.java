package dev.symbia.runtime.graph;

/** Published when a graph with role {@code pipeline} or {@code service} is loaded: the execution feature starts it. */
public record GraphAutoStart(String graphId, String role) {
}
