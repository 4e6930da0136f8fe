package dev.symbia.runtime.component;

/** One emission of a handler: a value on a port. A handler may emit several, on one port or many, or none. */
public record Emit(String port, FlowValue value) {
}
