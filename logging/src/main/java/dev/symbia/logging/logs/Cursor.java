package dev.symbia.logging.logs;

import dev.symbia.web.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Keyset pagination position for newest-first lists: the (time, key) of the last row returned.
 * Opaque to clients; stable under concurrent inserts, unlike offsets.
 */
public record Cursor(Instant time, String key) {

    public String encode() {
        String raw = time.getEpochSecond() + "." + time.getNano() + "|" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back, or null when none; 400 when it is not one of ours. */
    public static Cursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            int dot = raw.indexOf('.');
            if (bar < 0 || dot < 0 || dot > bar || bar == raw.length() - 1) {
                throw new IllegalArgumentException("shape");
            }
            Instant time = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)), Long.parseLong(raw.substring(dot + 1, bar)));
            return new Cursor(time, raw.substring(bar + 1));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("The cursor is not valid; use the nextCursor of a previous page.");
        }
    }
}
