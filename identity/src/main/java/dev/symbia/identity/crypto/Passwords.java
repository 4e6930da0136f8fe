package dev.symbia.identity.crypto;

import dev.symbia.web.body.RequestBodies;
import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * bcrypt reads at most 72 bytes and Spring's encoder refuses longer input, so length is checked in
 * bytes (not characters) before hashing, and comparisons of over-long input still spend the bcrypt
 * work and simply fail.
 */
public final class Passwords {

    public static final int MAX_BYTES = 72;

    private Passwords() {
    }

    /** A 400 validation problem when a new secret is longer than bcrypt can hash. */
    public static void requireHashable(String field, String value) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw RequestBodies.invalidField(field, "must be at most " + MAX_BYTES + " bytes");
        }
    }

    /** Like {@code encoder.matches}, but over-long input costs the same and is simply wrong. */
    public static boolean matches(BCryptPasswordEncoder encoder, String raw, String hash) {
        if (raw == null || raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            encoder.matches("-", hash);
            return false;
        }
        return encoder.matches(raw, hash);
    }
}
