package dev.symbia.integrations.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * A tool the model may call, in OpenAI's shape: {@code {type: "function", function: {name,
 * description?, parameters?, strict?}}}. {@code parameters} is a JSON Schema, passed on as given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDefinition(
        @NotNull @Pattern(regexp = "function", message = "must be function (the only tool type supported)") String type,
        @NotNull @Valid Function function) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, _ or -") String name,
            @Size(max = 8192) String description,
            JsonNode parameters,
            Boolean strict) {
    }
}
