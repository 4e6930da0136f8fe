package dev.symbia.assistants.engine;

import java.util.Map;
import java.util.Set;

/** The conversation state machine of {@code state.transition} (§3.4); the initial state is {@code idle}. */
public final class StateMachine {

    public static final String INITIAL = "idle";

    static final Map<String, Set<String>> ALLOWED = Map.of(
            "idle", Set.of("ai_active", "agent_active", "resolved"),
            "ai_active", Set.of("waiting_for_user", "handoff_pending", "resolved", "idle"),
            "waiting_for_user", Set.of("ai_active", "handoff_pending", "resolved", "archived"),
            "handoff_pending", Set.of("agent_active", "ai_active", "resolved"),
            "agent_active", Set.of("ai_active", "handoff_pending", "resolved", "waiting_for_user"),
            "resolved", Set.of("archived", "ai_active", "idle"),
            "archived", Set.of("idle"));

    private StateMachine() {
    }

    public static boolean allowed(String from, String to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }
}
