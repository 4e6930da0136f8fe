package dev.symbia.catalog.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Request bodies, read strictly (unknown fields → 400 naming the field). */
final class ResourceRequests {

    static final String TYPE = "component|graph|assistant|integration|context|app";
    static final String STATUS = "draft|published|deprecated";
    static final String KEY = "[A-Za-z0-9][A-Za-z0-9._:@/-]*";

    /** Top-level fields a graph may carry; anything else gets the metadata.definition hint. */
    static final Set<String> GRAPH_FIELDS = Set.of("key", "name", "description", "orgId", "tags", "metadata");

    private ResourceRequests() {
    }

    record Create(
            @NotBlank @Size(max = 255) @Pattern(regexp = KEY) String key,
            @NotBlank @Size(max = 255) String name,
            @Size(max = 10_000) String description,
            @NotNull @Pattern(regexp = TYPE) String type,
            @Pattern(regexp = STATUS) String status,
            @JsonProperty("isBootstrap") Boolean isBootstrap,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            @Size(max = 255) String orgId,
            JsonNode accessPolicy,
            JsonNode metadata) {
    }

    record Update(
            @Size(min = 1, max = 255) @Pattern(regexp = KEY) String key,
            @Size(min = 1, max = 255) String name,
            @Size(max = 10_000) String description,
            @Pattern(regexp = TYPE) String type,
            @Pattern(regexp = STATUS) String status,
            @JsonProperty("isBootstrap") Boolean isBootstrap,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            @Size(max = 255) String orgId,
            JsonNode accessPolicy,
            JsonNode metadata) {
    }

    /** POST /api/graphs and /api/contexts. */
    record CreateOwned(
            @NotBlank @Size(max = 255) @Pattern(regexp = KEY) String key,
            @NotBlank @Size(max = 255) String name,
            @Size(max = 10_000) String description,
            @Size(max = 255) String orgId,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            JsonNode metadata) {
    }

    /** PATCH /api/graphs/{id} and /api/contexts/{id}. */
    record UpdateOwned(
            @Size(min = 1, max = 255) String name,
            @Size(max = 10_000) String description,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            JsonNode metadata) {
    }

    record Publish(@Size(max = 10_000) String changelog) {
    }

    record Bulk(
            @NotEmpty @Size(max = 100) List<@NotNull UUID> ids,
            @NotNull @Pattern(regexp = "publish|delete|updateStatus|addTags|removeTags") String action,
            @Valid BulkPayload payload) {
    }

    record BulkPayload(@Pattern(regexp = STATUS) String status,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags) {
    }

    record Search(
            @NotBlank @Size(max = 500) String query,
            @Pattern(regexp = TYPE) String type,
            @Pattern(regexp = STATUS) String status,
            @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(200) Integer limit) {
    }
}
