package dev.symbia.runtime.component;

import tools.jackson.databind.JsonNode;

/**
 * A value travelling on an edge. In an emission a null lane means "inherit"; the engine then applies
 * {@link Lane#tighten}. The value is a JSON node (a Java null never travels: absent is {@code NullNode}).
 */
public record FlowValue(JsonNode value, Lane lane) {

    public static FlowValue inherit(JsonNode value) {
        return new FlowValue(value, null);
    }

    public static FlowValue apocryphal(JsonNode value) {
        return new FlowValue(value, Lane.APOCRYPHAL);
    }
}
