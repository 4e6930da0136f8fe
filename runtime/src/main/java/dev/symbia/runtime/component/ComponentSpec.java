package dev.symbia.runtime.component;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A component's declaration: ports, lanes, config. {@code config} maps a field to {@code {type?, default?, enum?,
 * required?, description}} (the catalog manifest's shape); it is compiled into a JSON Schema for load-time checks.
 *
 * @param anyInput     any input port name is accepted (merge)
 * @param outputsFrom  a config field (an array of names) whose entries are also output ports (switch)
 * @param blocking     the handler waits (sleep, network): it runs under the node timeout
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentSpec(
        String id,
        String name,
        String description,
        List<String> inputs,
        List<Port> outputs,
        boolean emitsApocryphal,
        boolean anyInput,
        String outputsFrom,
        boolean blocking,
        ObjectNode config) {

    public boolean hasInput(String port) {
        return anyInput || inputs.contains(port);
    }

    public boolean hasStaticOutput(String port) {
        return outputs.stream().anyMatch(p -> p.name().equals(port));
    }
}
