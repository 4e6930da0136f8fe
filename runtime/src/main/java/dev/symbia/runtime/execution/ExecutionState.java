package dev.symbia.runtime.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

enum ExecutionState {
    RUNNING, PAUSED, CANCELLED, COMPLETED, FAILED;

    @JsonValue
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean live() {
        return this == RUNNING || this == PAUSED;
    }

    boolean ended() {
        return !live();
    }

    static ExecutionState of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
