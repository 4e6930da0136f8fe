package dev.symbia.runtime.component;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A declared output port and its lane: {@code canonical}, {@code apocryphal} or {@code inherit} (null). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Port(String name, String lane) {

    public static Port inherit(String name) {
        return new Port(name, null);
    }

    public static Port apocryphal(String name) {
        return new Port(name, "apocryphal");
    }
}
