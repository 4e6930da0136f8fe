package dev.symbia.assistants.engine;

import java.util.List;
import java.util.Map;

/**
 * A rule (§3.4): {@code conditions} is a ConditionGroup and each action an ActionConfig
 * {@code {type, params, id?, onError?}}, kept as plain trees because actions nest (condition, parallel, loop).
 */
public record Rule(String id, String name, int priority, boolean enabled, String trigger, Object conditions,
        List<Map<String, Object>> actions, boolean isDefault, boolean fallThrough) {
}
