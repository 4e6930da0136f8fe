package dev.symbia.integrations.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * OpenAI's {@code GET /v1/models} answer; ids are {@code provider/model}. {@code unavailable} (ours,
 * ignored by SDKs) names each provider whose own list could not be fetched, whose configured models
 * are listed instead.
 */
record ModelList(String object, List<Model> data,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Unavailable> unavailable) {

    record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }

    record Unavailable(String provider, String message) {
    }
}
