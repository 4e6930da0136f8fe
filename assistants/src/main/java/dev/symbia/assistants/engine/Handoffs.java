package dev.symbia.assistants.engine;

import java.util.Map;

/** Where {@code handoff.*} actions persist their requests (implemented outside the engine, over PostgreSQL). */
public interface Handoffs {

    /** Opens a pending request; returns it as a map ({@code handoffId, status, …}). */
    Map<String, Object> create(String org, String conversation, String assistant, String reason, String priority,
            String contextSummary);

    /** Assigns a request of the org; fails (ActionFailure) when it does not exist in the org or is closed. */
    Map<String, Object> assign(String org, String handoffId, String agentId);

    /** Resolves a request of the org. */
    Map<String, Object> resolve(String org, String handoffId, String resolution);

    /** No persistence: every handoff action fails (engine tests that do not use them). */
    Handoffs NONE = new Handoffs() {
        @Override
        public Map<String, Object> create(String o, String c, String a, String r, String p, String s) {
            throw new ActionFailure("handoffs are not available");
        }

        @Override
        public Map<String, Object> assign(String o, String h, String a) {
            throw new ActionFailure("handoffs are not available");
        }

        @Override
        public Map<String, Object> resolve(String o, String h, String r) {
            throw new ActionFailure("handoffs are not available");
        }
    };
}
