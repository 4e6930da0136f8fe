package dev.symbia.runtime.component;

import com.fasterxml.jackson.annotation.JsonValue;

/** A message's trust lane. Lanes only tighten: canonical becomes apocryphal, never back. */
public enum Lane {
    CANONICAL, APOCRYPHAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The lane of an emission: apocryphal if the input was, the component always is, or the emission says so. */
    public static Lane tighten(Lane incoming, boolean componentApocryphal, Lane emitted) {
        return incoming == APOCRYPHAL || componentApocryphal || emitted == APOCRYPHAL ? APOCRYPHAL : CANONICAL;
    }
}
