package dev.symbia.messaging.chat;

import java.util.Map;

/** What integrations' chat stream says, frame by frame (its frames are the platform's chat frames, SPEC §4). */
sealed interface UpstreamFrame {

    /** A piece of the answer. */
    record Delta(String text) implements UpstreamFrame {
    }

    /** The answer is complete. */
    record Done(String provider, String model, String finishReason, Map<String, Object> usage, String requestId)
            implements UpstreamFrame {
    }

    /** The answer failed; {@code title}, {@code code} and {@code details} are safe to show the caller. */
    record Failed(String title, String code, String details) implements UpstreamFrame {
    }

    /** Generation was stopped on purpose (a {@code stream.cancel} control event). */
    record Cancelled(String reason) implements UpstreamFrame {
    }
}
