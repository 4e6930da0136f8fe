package dev.symbia.assistants.definition;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The loaded assistants, replaced as a whole on every catalog reload (readers never see a half-loaded roster).
 * Every lookup is for one org: an org sees platform-wide assistants and its own, never another org's; an org's
 * assistant shadows a platform one with the same key.
 */
@Component
public class AssistantDirectory {

    private final AtomicReference<List<AssistantDefinition>> all = new AtomicReference<>(List.of());

    void replace(List<AssistantDefinition> definitions) {
        all.set(List.copyOf(definitions));
    }

    /** The roster of an org, sorted by key. */
    public List<AssistantDefinition> roster(String org) {
        Map<String, AssistantDefinition> byKey = new java.util.TreeMap<>();
        for (AssistantDefinition d : all.get()) {
            if (d.orgId() == null) {
                byKey.putIfAbsent(d.key(), d);
            }
        }
        for (AssistantDefinition d : all.get()) {
            if (d.orgId() != null && d.orgId().equals(org)) {
                byKey.put(d.key(), d);
            }
        }
        return byKey.values().stream().sorted(Comparator.comparing(AssistantDefinition::key)).toList();
    }

    /** The assistant {@code name} (key or alias, with or without {@code @}) as the org sees it. */
    public Optional<AssistantDefinition> find(String org, String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        List<AssistantDefinition> roster = roster(org);
        String n = name.startsWith("@") ? name.substring(1) : name;
        return roster.stream().filter(d -> d.key().equalsIgnoreCase(n)).findFirst()
                .or(() -> roster.stream().filter(d -> d.answersTo(n)).findFirst());
    }

    public int size() {
        return all.get().size();
    }
}
