package dev.symbia.assistants.agent;

import java.time.Instant;
import java.util.Set;

/**
 * Each assistant acts as its own agent in identity ({@code assistant:<key>} in the org it answers in), holding only
 * what an org admin granted it there — never what its definition declares. The engine's outbound calls carry the
 * agent's token, so every callee checks the assistant's grants; the grants also tell the engine which actions it
 * may take at all ({@code engine.Grants}).
 */
public interface AssistantAgents {

    /**
     * An assistant acting in an org: its agent (identity's row {@code id}, which an org admin grants capabilities
     * to, and public {@code agentId}), its token and what identity granted it.
     */
    record Agent(String id, String agentId, String orgId, String token, Set<String> granted, Instant expiresAt) {

        public Agent {
            granted = Set.copyOf(granted);
        }
    }

    /** Why an assistant has no token: said in the refusal, never a secret. */
    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** The assistant {@code key} acting in {@code org} (its agent provisioned on first use). */
    Agent forAssistant(String org, String key) throws Unavailable;

    /** As {@link #forAssistant}, asked of identity now (what an admin just granted), and reused from then on. */
    default Agent fresh(String org, String key) throws Unavailable {
        return forAssistant(org, key);
    }
}
