package dev.symbia.assistants.definition;

import java.util.List;
import java.util.Map;

/** An assistant on the roster (reference §3.1 {@code GET /api/assistants}). */
record AssistantView(String key, String name, String alias, String principalId, String description, String status,
        List<String> tags, List<String> capabilities, boolean hasRules, int rulesCount, String rulesSource,
        String orgId, Map<String, Object> routing, Map<String, Object> llmConfig, Map<String, String> messaging) {

    static AssistantView of(AssistantDefinition d) {
        return new AssistantView(d.key(), d.name(), d.alias(), d.principalId(), d.description(), "active", d.tags(),
                d.capabilities(), !d.ruleSet().rules().isEmpty(), d.ruleSet().rules().size(), d.rulesSource(),
                d.orgId(), d.routing(), d.llm(), Map.of("userId", d.principalId()));
    }
}
