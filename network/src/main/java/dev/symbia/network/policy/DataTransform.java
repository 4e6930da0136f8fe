package dev.symbia.network.policy;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Applies a transform policy's steps to a copy of an event's {@code data}. */
public final class DataTransform {

    private DataTransform() {
    }

    /** The transformed copy; data that is not a JSON object is returned unchanged (there are no fields to map). */
    public static JsonNode apply(JsonNode data, List<PolicyAction.TransformStep> steps) {
        if (data == null || !data.isObject()) {
            return data;
        }
        ObjectNode result = (ObjectNode) data.deepCopy();
        for (PolicyAction.TransformStep step : steps) {
            switch (step.op()) {
                case "rename" -> {
                    JsonNode value = remove(result, step.from());
                    if (value != null) {
                        put(result, step.to(), value);
                    }
                }
                case "copy" -> {
                    JsonNode value = get(result, step.from());
                    if (value != null) {
                        put(result, step.to(), value.deepCopy());
                    }
                }
                case "set" -> put(result, step.path(), step.value().deepCopy());
                case "remove" -> remove(result, step.path());
                default -> throw new IllegalStateException("unknown transform step " + step.op());
            }
        }
        return result;
    }

    private static JsonNode get(ObjectNode root, String path) {
        JsonNode node = root;
        for (String key : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(key);
        }
        return node;
    }

    private static JsonNode remove(ObjectNode root, String path) {
        String[] keys = path.split("\\.");
        ObjectNode parent = parent(root, keys, false);
        return parent == null ? null : parent.remove(keys[keys.length - 1]);
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] keys = path.split("\\.");
        ObjectNode parent = parent(root, keys, true);
        if (parent != null) {
            parent.set(keys[keys.length - 1], value);
        }
    }

    private static ObjectNode parent(ObjectNode root, String[] keys, boolean create) {
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (child == null && create) {
                child = node.putObject(keys[i]);
            }
            if (child == null || !child.isObject()) {
                return null; // a scalar in the way: leave it alone rather than clobber it
            }
            node = (ObjectNode) child;
        }
        return node;
    }
}
