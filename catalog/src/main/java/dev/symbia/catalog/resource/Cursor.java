package dev.symbia.catalog.resource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/** An opaque keyset position (updatedAt, id) in a list ordered newest first. */
record Cursor(OffsetDateTime updatedAt, UUID id) {

    static Cursor after(Resource last) {
        return new Cursor(last.updatedAt(), last.id());
    }

    String encode() {
        String raw = updatedAt.toInstant() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; anything else is an IllegalArgumentException (the caller answers 400). */
    static Cursor decode(String text) {
        String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("no separator");
        }
        try {
            return new Cursor(Instant.parse(raw.substring(0, bar)).atOffset(ZoneOffset.UTC), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad cursor", e);
        }
    }
}
