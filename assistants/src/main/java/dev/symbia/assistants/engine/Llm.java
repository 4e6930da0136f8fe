package dev.symbia.assistants.engine;

import java.util.List;
import java.util.Map;

/** A model call for {@code llm.invoke}, made by integrations on behalf of an assistant. */
public interface Llm {

    /** What to ask, for which assistant (the principal acted for) in which org. */
    record Ask(String orgId, String actingFor, String provider, String model, Double temperature, int maxTokens,
            List<Map<String, String>> messages) {
    }

    record Answer(String content, String provider, String model, Map<String, Object> usage) {
    }

    /** Returns the answer or throws {@link ActionFailure} with a safe message. */
    Answer chat(Ask ask);
}
