package dev.symbia.integrations.usage;

import java.util.Locale;

/** How a chat call ended. */
public enum Outcome {
    SUCCESS, ERROR, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
