package dev.symbia.network.policy;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a matching policy does: allow (deliver), deny (drop, with a reason), route (deliver to
 * {@code to} instead), transform (apply {@code mapping} to {@code data}, then deliver), log (record at
 * {@code level}, then deliver).
 */
public record PolicyAction(Type type, String reason, String to, List<TransformStep> mapping, String level) {

    public enum Type {
        ALLOW, DENY, ROUTE, TRANSFORM, LOG;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One field operation on {@code data} (an object); paths are dot-separated keys.
     * {@code rename}/{@code copy} use from/to, {@code set} uses path/value, {@code remove} uses path.
     */
    public record TransformStep(String op, String from, String to, String path, JsonNode value) {
    }
}
