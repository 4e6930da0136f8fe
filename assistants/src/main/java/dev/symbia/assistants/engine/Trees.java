package dev.symbia.assistants.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies and merges of plain Java JSON trees. */
final class Trees {

    private Trees() {
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        return value;
    }

    /** Deep merge of {@code updates} into {@code target} (objects merge, everything else replaces). */
    @SuppressWarnings("unchecked")
    static void deepMerge(Map<String, Object> target, Map<String, Object> updates) {
        updates.forEach((k, v) -> {
            if (v instanceof Map<?, ?> vm && target.get(k) instanceof Map<?, ?> tm) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) tm);
                deepMerge(merged, (Map<String, Object>) vm);
                target.put(k, merged);
            } else {
                target.put(k, deepCopy(v));
            }
        });
    }
}
