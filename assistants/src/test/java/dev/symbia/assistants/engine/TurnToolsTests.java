package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** conversation.turn, context.resolve and provenance.explain over the conversation's memory. */
class TurnToolsTests {

    @Test
    void turnKindsCountRepetitionAndRefuseWorkAndCorrections() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        assertThat(map(TurnTools.conversationTurn("Hello!", ctx))).containsEntry("kind", "greeting")
                .containsEntry("seen", 1).containsEntry("reply", "Hello! What can I work out for you?");
        assertThat(map(TurnTools.conversationTurn("hi", ctx))).containsEntry("seen", 2).containsEntry("reply", "Hi again!");
        assertThat(map(TurnTools.conversationTurn("thank you very much", ctx))).containsEntry("kind", "acknowledgement");
        assertThat(map(TurnTools.conversationTurn("bye", ctx))).containsEntry("kind", "closing");
        assertThat(map(TurnTools.conversationTurn("what can you do?", ctx))).containsEntry("kind", "capability");
        assertThatThrownBy(() -> TurnTools.conversationTurn("no, I meant 15% tip", ctx)).hasMessageStartingWith("correction");
        assertThatThrownBy(() -> TurnTools.conversationTurn("add 15% tip first", ctx)).hasMessageStartingWith("correction");
        assertThatThrownBy(() -> TurnTools.conversationTurn("compute my taxes", ctx)).hasMessageStartingWith("work");
    }

    @Test
    void resolveWithoutAndWithMemory() {
        Map<String, Object> empty = new LinkedHashMap<>();
        assertThat(map(TurnTools.contextResolve("that * 2", empty))).containsEntry("text", "that * 2")
                .containsEntry("resolved", false).containsEntry("reason", "no earlier result to refer to");
        assertThat(map(TurnTools.contextResolve("again", empty))).containsEntry("resolved", false);
        Map<String, Object> ctx = new LinkedHashMap<>(Map.of(TurnTools.MEMORY,
                Map.of("result", 42, "expression", "6*7", "messageId", "m1")));
        assertThat(map(TurnTools.contextResolve("the answer / 2", ctx))).containsEntry("text", "42 / 2")
                .containsEntry("resolved", true).containsEntry("fromMessageId", "m1");
        assertThat(map(TurnTools.contextResolve("same again", ctx))).containsEntry("text", "6*7");
        assertThat(map(TurnTools.contextResolve("2 + 2", ctx))).containsEntry("text", "2 + 2")
                .containsEntry("resolved", false);
    }

    @Test
    void explainNeedsAnEarlierReply() {
        assertThatThrownBy(() -> TurnTools.provenanceExplain(Map.of())).hasMessageContaining("no earlier reply");
        Map<String, Object> ctx = Map.of(TurnTools.MEMORY, Map.of("provenance", Map.of("arena", "COMPUTED",
                "basis", "Computed.", "hash", "abc", "steps", List.of(Map.of("action", "tool.invoke",
                        "source", "tool:math.evaluate", "ok", true)))));
        assertThat((String) TurnTools.provenanceExplain(ctx)).isEqualTo(
                "My last reply was COMPUTED: Computed. Steps: tool.invoke (tool:math.evaluate, ok); Seal sha256 abc.");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
