package dev.symbia.relay;

import dev.symbia.core.RuntimeMode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared HMAC key of the network, from {@code NETWORK_HASH_SECRET}. There is no default secret:
 * production refuses to start without one (at least {@value #MIN_LENGTH} characters). In development
 * and tests, when nothing is configured (start.sh always configures it), one random secret is made
 * per process, so only senders and receivers inside this JVM agree on it.
 */
public final class NetworkSecret {

    public static final String ENV = "NETWORK_HASH_SECRET";
    public static final int MIN_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(NetworkSecret.class);
    private static volatile byte[] processSecret;

    private NetworkSecret() {
    }

    /** The key bytes for the configured value (may be null) in the given mode. */
    public static byte[] resolve(String configured, RuntimeMode mode) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MIN_LENGTH) {
                if (mode.isProduction()) {
                    throw new IllegalStateException(ENV + " must be at least " + MIN_LENGTH + " characters in production.");
                }
                log.warn("{} is shorter than {} characters; fine for development, refused in production.", ENV, MIN_LENGTH);
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        if (mode.isProduction()) {
            throw new IllegalStateException(ENV + " is required in production: the network signs and verifies "
                    + "every event with it. Set SYMBIA_ENV=development to use a per-process random secret.");
        }
        return processSecret();
    }

    private static byte[] processSecret() {
        byte[] secret = processSecret;
        if (secret == null) {
            synchronized (NetworkSecret.class) {
                secret = processSecret;
                if (secret == null) {
                    secret = new byte[32];
                    new SecureRandom().nextBytes(secret);
                    processSecret = secret;
                    log.warn("{} is not set: using a random secret for this process only; other processes "
                            + "will reject its events.", ENV);
                }
            }
        }
        return secret.clone();
    }
}
