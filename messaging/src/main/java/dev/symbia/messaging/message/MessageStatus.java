package dev.symbia.messaging.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a message stands; on the wire and in the database in lower case. */
public enum MessageStatus {
    /** Written in full. */
    COMPLETE,
    /** A reply being generated: its content grows until it is finished. */
    STREAMING,
    /** Generation failed part-way; the content is what arrived. */
    INCOMPLETE,
    /** Generation was stopped (client gone, or a {@code stream.cancel}). */
    CANCELLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MessageStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }
}
