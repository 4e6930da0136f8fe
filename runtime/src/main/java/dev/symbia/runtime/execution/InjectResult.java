package dev.symbia.runtime.execution;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The synchronous answer of one flow: unconnected emissions by {@code node:port}, the trace, node invocations. */
record InjectResult(Map<String, Output> outputs, List<Trace> trace, int hops) {

    record Output(JsonNode value, String lane) {
    }

    record Trace(String node, String port, String lane, double ms, String summary) {
    }
}
