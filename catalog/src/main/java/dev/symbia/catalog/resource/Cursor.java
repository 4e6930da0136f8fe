package dev.symbia.catalog.resource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/** An opaque keyset position (updatedAt, id) in a list ordered newest first. */
record Cursor(OffsetDateTime updatedAt, UUID id) {

    static Cursor after(Resource last) {
        return new Cursor(last.updatedAt(), last.id());
    }

    /** Epoch microseconds (PostgreSQL's precision; formatting an ISO instant per page was measurable) and the id. */
    String encode() {
        Instant at = updatedAt.toInstant();
        String raw = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000) + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor (epoch microseconds, or an ISO instant as issued before); anything else is an
     * IllegalArgumentException (the caller answers 400).
     */
    static Cursor decode(String text) {
        String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("no separator");
        }
        try {
            String at = raw.substring(0, bar);
            Instant instant = at.indexOf('T') >= 0 ? Instant.parse(at)
                    : Instant.EPOCH.plus(Long.parseLong(at), ChronoUnit.MICROS);
            return new Cursor(instant.atOffset(ZoneOffset.UTC), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad cursor", e);
        }
    }
}
