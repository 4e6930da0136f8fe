package dev.symbia.runtime.component;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JavaScript-like value helpers the reference's semantics are written in (undefined, Number(), String()). */
public final class Values {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Infinity");

    private Values() {
    }

    /** {@code value[field]}, or null when absent, JSON null, or the value is not an object ("undefined or null"). */
    public static JsonNode field(JsonNode value, String field) {
        if (value == null || !value.isObject()) {
            return null;
        }
        JsonNode found = value.get(field);
        return found == null || found.isNull() || found.isMissingNode() ? null : found;
    }

    /** A dotted path ({@code a.b.c}) into objects; null when any step is absent. */
    public static JsonNode path(JsonNode value, String dotted) {
        JsonNode current = value;
        for (String step : dotted.split("\\.", -1)) {
            current = field(current, step);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** JavaScript's {@code Number(v)}: NaN for what does not convert. */
    public static double number(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return v != null && v.isNull() ? 0 : Double.NaN;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? 1 : 0;
        }
        if (v.isString()) {
            String text = v.stringValue().strip();
            if (text.isEmpty()) {
                return 0;
            }
            return NUMERIC.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
        }
        return Double.NaN;
    }

    /** JavaScript's {@code String(v)} for scalars; objects and arrays as compact JSON. */
    public static String string(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "undefined";
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isNumber()) {
            return numberText(v.doubleValue());
        }
        return v.isValueNode() ? v.asString() : JSON.writeValueAsString(v);
    }

    /** A number as JavaScript prints it: integral values without a fraction. */
    public static String numberText(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** A JSON number node: integral values as integers (6, not 6.0). */
    public static JsonNode numberNode(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return NODES.numberNode((long) d);
        }
        return NODES.numberNode(d);
    }

    /** JavaScript's {@code ===} on JSON values: numbers by value, others structurally. */
    public static boolean strictEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        return a.equals(b);
    }

    /** A JSON preview of at most {@code max} characters ("undefined" for absent, "[unserialisable]" on failure). */
    public static String preview(JsonNode v, int max) {
        String text;
        try {
            text = v == null || v.isMissingNode() ? "undefined" : JSON.writeValueAsString(v);
        } catch (RuntimeException e) {
            text = "[unserialisable]";
        }
        return text.length() <= max ? text : text.substring(0, max);
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static JsonMapper json() {
        return JSON;
    }
}
