package dev.symbia.assistants.engine;

import java.util.List;
import java.util.Map;

/** Dot-path lookup over plain Java trees ({@code message.metadata.x}, {@code items.0}). */
final class Paths {

    private Paths() {
    }

    static Object get(Object root, String path) {
        if (path == null || path.isBlank()) {
            return Conditions.MISSING;
        }
        Object current = root;
        for (String part : path.trim().split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(part)) {
                    return Conditions.MISSING;
                }
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("\\d{1,9}")) {
                int i = Integer.parseInt(part);
                if (i >= list.size()) {
                    return Conditions.MISSING;
                }
                current = list.get(i);
            } else {
                return Conditions.MISSING;
            }
        }
        return current;
    }
}
