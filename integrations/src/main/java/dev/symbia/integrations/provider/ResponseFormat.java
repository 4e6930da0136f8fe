package dev.symbia.integrations.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's {@code response_format}: {@code text}, {@code json_object} (JSON mode) or {@code json_schema}
 * with {@code json_schema: {name, description?, schema?, strict?}}, in the same shape in both contracts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseFormat(
        @NotNull @Pattern(regexp = "text|json_object|json_schema", message = "must be text, json_object or json_schema")
        String type,
        @JsonProperty("json_schema") @Valid JsonSchema jsonSchema) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JsonSchema(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, _ or -") String name,
            @Size(max = 8192) String description,
            JsonNode schema,
            Boolean strict) {
    }
}
