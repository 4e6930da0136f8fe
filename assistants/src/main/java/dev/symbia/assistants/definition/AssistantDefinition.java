package dev.symbia.assistants.definition;

import dev.symbia.assistants.engine.RuleSet;
import java.util.List;
import java.util.Map;

/**
 * A published {@code assistant} resource of the catalog, as this service runs it.
 *
 * @param key          the short key (last segment of the resource key: {@code assistants/calc} → {@code calc})
 * @param resourceKey  the catalog key
 * @param orgId        the owning org; null for platform-wide assistants (visible in every org)
 * @param principalId  {@code assistant:<key>}: the participant id in conversations
 * @param capabilities what the assistant's config asks for — informational: what it may do is decided by the
 *                     capabilities identity grants its agent, never by this declaration
 * @param routing      {@code metadata.routing} ({@code patterns}, {@code examples}, …)
 * @param llm          {@code metadata.llmConfig} as authored (provider, model, …)
 * @param rulesSource  {@code catalog} or {@code built-in} (a platform default assistant published without rules)
 */
public record AssistantDefinition(String key, String resourceKey, String resourceId, String orgId, String name,
        String alias, String description, List<String> tags, String principalId, List<String> capabilities,
        RuleSet ruleSet, Map<String, Object> routing, Map<String, Object> llm, String rulesSource) {

    /** True when the assistant only answers messages addressed or routed to it (reference §3.8 specialist gate). */
    public boolean specialist() {
        return routing.get("patterns") instanceof List<?> p && !p.isEmpty();
    }

    /** Whether callers of {@code org} see this assistant. */
    public boolean visibleIn(String org) {
        return orgId == null || orgId.equals(org);
    }

    /** Matches {@code @name} / {@code name}: the key, else the alias (case-insensitive). */
    boolean answersTo(String name) {
        String n = name.startsWith("@") ? name.substring(1) : name;
        return key.equalsIgnoreCase(n) || (alias != null && alias.equalsIgnoreCase(n));
    }
}
