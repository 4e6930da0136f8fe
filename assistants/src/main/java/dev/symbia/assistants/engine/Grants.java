package dev.symbia.assistants.engine;

import java.util.Map;
import java.util.Set;

/**
 * What an assistant's agent must have been granted (by an org admin, in identity) for an action to run: the
 * capability the callee would check if the action were a call to it — sending into a conversation
 * ({@code message.send}, whose reply messaging posts) and using a model ({@code llm.invoke},
 * {@code embedding.route}, {@code integration.invoke} of {@code chat.completions}). Calls that
 * go out with the agent's own token ({@code service.call}, connector operations) are decided by the callee as well.
 * A refusal is an action failure, so the rule's {@code onError} runs.
 *
 * @param capabilities what identity's token for the agent carries
 * @param unavailable  why there is no token at all (identity down, agent deactivated), or null
 */
public record Grants(Set<String> capabilities, String unavailable) {

    public static final String SEND = "cap:messaging.write";
    public static final String MODEL = "cap:integrations.execute";

    public Grants {
        capabilities = Set.copyOf(capabilities);
    }

    public static Grants of(Set<String> capabilities) {
        return new Grants(capabilities, null);
    }

    /** No token: every gated action is refused, saying why. */
    public static Grants none(String why) {
        return new Grants(Set.of(), why);
    }

    public boolean holds(String capability) {
        return capabilities.contains(capability);
    }

    /** The capability {@code type} needs, or null when the action needs none (or its callee decides). */
    static String required(String type, Map<String, Object> params) {
        return switch (type) {
            case "message.send" -> SEND;
            case "llm.invoke", "embedding.route" -> MODEL;
            case "integration.invoke" -> "chat.completions".equals(params.get("operation")) ? MODEL : null;
            default -> null;
        };
    }
}
