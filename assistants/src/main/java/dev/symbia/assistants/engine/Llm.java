package dev.symbia.assistants.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    /**
     * As {@link #chat(Ask)}, streamed: {@code deltas} receives the answer's text as it arrives, and the whole
     * answer is returned at the end. A stream cut before its end is an {@link ActionFailure}, never a short answer.
     * Implementations that cannot stream answer at once and hand the whole text over as one delta.
     */
    default Answer chat(Ask ask, Consumer<String> deltas) {
        Answer answer = chat(ask);
        if (answer.content() != null && !answer.content().isEmpty()) {
            deltas.accept(answer.content());
        }
        return answer;
    }
}
