package dev.symbia.network.config;

/** A random id for this network process, distinct per replica and per restart. */
public record ReplicaId(String value) {
}
