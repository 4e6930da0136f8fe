package dev.symbia.integrations.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's {@code GET /v1/models} answer; ids are {@code provider/model}. */
record ModelList(String object, List<Model> data) {

    record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }
}
