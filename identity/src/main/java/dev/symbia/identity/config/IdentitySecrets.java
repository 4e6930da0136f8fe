package dev.symbia.identity.config;

import dev.symbia.core.RuntimeMode;
import dev.symbia.identity.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The secrets identity runs on, read once from the environment and checked at startup:
 * production refuses to start without real ones; development and test fall back to ephemeral
 * ones (with a warning) so a bare {@code ./mvnw test} works. Values are never logged.
 */
public final class IdentitySecrets {

    public static final String SESSION_SECRET = "SESSION_SECRET";
    public static final String INTERNAL_SERVICE_SECRET = "INTERNAL_SERVICE_SECRET";
    public static final String CREDENTIAL_ENCRYPTION_KEY = "CREDENTIAL_ENCRYPTION_KEY";
    private static final Logger log = LoggerFactory.getLogger(IdentitySecrets.class);
    private static final int MIN_SESSION_SECRET = 32;

    private final byte[] sessionSecret;
    private final boolean ephemeralSessionSecret;
    private final String internalServiceSecret;
    private final byte[] credentialKey;

    IdentitySecrets(byte[] sessionSecret, boolean ephemeralSessionSecret, String internalServiceSecret, byte[] credentialKey) {
        this.sessionSecret = sessionSecret;
        this.ephemeralSessionSecret = ephemeralSessionSecret;
        this.internalServiceSecret = internalServiceSecret;
        this.credentialKey = credentialKey;
    }

    public static IdentitySecrets load(Environment environment, RuntimeMode mode) {
        String session = environment.getProperty(SESSION_SECRET, "");
        boolean ephemeral = false;
        byte[] sessionBytes;
        if (session.length() >= MIN_SESSION_SECRET) {
            sessionBytes = session.getBytes(StandardCharsets.UTF_8);
        } else if (mode.isProduction()) {
            throw new IllegalStateException(SESSION_SECRET + " must be set to at least " + MIN_SESSION_SECRET
                    + " characters in production (e.g. openssl rand -hex 32).");
        } else {
            log.warn("{} is not set (or shorter than {} chars): using an ephemeral one; tokens and the signing key "
                    + "will not survive a restart.", SESSION_SECRET, MIN_SESSION_SECRET);
            sessionBytes = new byte[32];
            new SecureRandom().nextBytes(sessionBytes);
            ephemeral = true;
        }

        String internal = environment.getProperty(INTERNAL_SERVICE_SECRET, "");
        if (internal.length() < MIN_SESSION_SECRET) {
            if (mode.isProduction()) {
                throw new IllegalStateException(INTERNAL_SERVICE_SECRET + " must be set to at least "
                        + MIN_SESSION_SECRET + " characters in production.");
            }
            if (!internal.isEmpty()) {
                log.warn("{} is shorter than {} characters; accepted outside production only.",
                        INTERNAL_SERVICE_SECRET, MIN_SESSION_SECRET);
            } else {
                log.warn("{} is not set: service tokens cannot be issued.", INTERNAL_SERVICE_SECRET);
                internal = null;
            }
        }

        String hex = environment.getProperty(CREDENTIAL_ENCRYPTION_KEY, "").trim();
        byte[] credentialKey;
        if (hex.matches("[0-9a-fA-F]{64}")) {
            credentialKey = HexFormat.of().parseHex(hex);
        } else if (!hex.isEmpty()) {
            throw new IllegalStateException(CREDENTIAL_ENCRYPTION_KEY + " must be 64 hex characters (256 bits), "
                    + "e.g. openssl rand -hex 32.");
        } else if (mode.isProduction()) {
            throw new IllegalStateException(CREDENTIAL_ENCRYPTION_KEY + " must be set in production "
                    + "(64 hex characters, e.g. openssl rand -hex 32).");
        } else {
            log.warn("{} is not set: deriving a development vault key from {}.", CREDENTIAL_ENCRYPTION_KEY, SESSION_SECRET);
            credentialKey = Hkdf.derive(sessionBytes, "symbia/identity/dev-credential-vault", 32);
        }
        return new IdentitySecrets(sessionBytes, ephemeral, internal, credentialKey);
    }

    /** A 32-byte key for one purpose, derived from {@code SESSION_SECRET}. */
    public byte[] derive(String purpose) {
        return Hkdf.derive(sessionSecret, "symbia/identity/" + purpose, 32);
    }

    public boolean ephemeralSessionSecret() {
        return ephemeralSessionSecret;
    }

    public Optional<String> internalServiceSecret() {
        return Optional.ofNullable(internalServiceSecret);
    }

    public byte[] credentialKey() {
        return credentialKey.clone();
    }

    @Override
    public String toString() {
        return "IdentitySecrets[redacted]";
    }
}
